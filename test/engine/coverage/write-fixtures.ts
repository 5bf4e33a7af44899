// Writes the answers recorded by a run with DOCKERAPI_RECORD_ANSWERS=1 into the committed fixtures:
// specs/engine-answers/engine-<major.minor>/v<API version>.json, one answer per operation (the first);
// `npm run generate` reads them for the drift report.
//   DOCKERAPI_RECORD_ANSWERS=1 npx vitest run test/engine && npx tsx test/engine/coverage/write-fixtures.ts
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coverageDir } from './record.ts';

const out = path.resolve(import.meta.dirname, '../../../specs/engine-answers');
const files = (await readdir(coverageDir)).filter((f) => f.startsWith('answers-'));
const byFile = new Map<string, Record<string, unknown>>();
for (const file of files.sort()) {
  for (const line of (await readFile(path.join(coverageDir, file), 'utf8')).split('\n').filter(Boolean)) {
    const { operation, apiVersion, engine, answer } = JSON.parse(line);
    const target = path.join(`engine-${engine.split('.').slice(0, 2).join('.')}`, `v${apiVersion}.json`);
    const answers = byFile.get(target) ?? byFile.set(target, {}).get(target)!;
    answers[operation] ??= answer;
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
