// Writes the answers recorded by a run with DOCKERAPI_RECORD_ANSWERS=1 into the committed fixtures:
// specs/engine-answers/engine-<major.minor>/v<API version>.json, one answer per operation (the first);
// `npm run generate` reads them for the drift report.
//   DOCKERAPI_RECORD_ANSWERS=1 npx vitest run test/engine && npx tsx test/engine/coverage/write-fixtures.ts
// Given operation names, it refreshes only those operations' answers and keeps the rest as committed,
// so that new evidence does not bring a whole new recording with it.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coverageDir } from './record.ts';

const out = path.resolve(import.meta.dirname, '../../../specs/engine-answers');
const only = new Set(process.argv.slice(2));
const committed = async (file: string): Promise<Record<string, unknown>> =>
  only.size ? JSON.parse(await readFile(path.join(out, file), 'utf8').catch(() => '{}')) : {};
const files = (await readdir(coverageDir)).filter((f) => f.startsWith('answers-'));
const byFile = new Map<string, Record<string, unknown>>();
const fresh = new Set<string>();
for (const file of files.sort()) {
  for (const line of (await readFile(path.join(coverageDir, file), 'utf8')).split('\n').filter(Boolean)) {
    const { operation, apiVersion, engine, answer } = JSON.parse(line);
    if (only.size && !only.has(operation)) continue;
    const target = path.join(`engine-${engine.split('.').slice(0, 2).join('.')}`, `v${apiVersion}.json`);
    if (!byFile.has(target)) byFile.set(target, await committed(target));
    // The first answer of this run replaces the committed one.
    if (fresh.has(`${target} ${operation}`)) continue;
    fresh.add(`${target} ${operation}`);
    byFile.get(target)![operation] = answer;
  }
}
if (byFile.size === 0) throw new Error(`no recorded answers in ${coverageDir}: run the engine tests with DOCKERAPI_RECORD_ANSWERS=1 first`);
for (const [target, answers] of byFile) {
  await mkdir(path.dirname(path.join(out, target)), { recursive: true });
  const sorted = Object.fromEntries(
    Object.keys(answers)
      .sort()
      .map((k) => [k, answers[k]]),
  );
  await writeFile(path.join(out, target), `${JSON.stringify(sorted, null, 1)}\n`);
}
console.log(`wrote ${byFile.size} fixture files under ${path.relative(process.cwd(), out)}`);
