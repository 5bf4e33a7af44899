// Range packages' types: a program written against a range compiles against member versions' packages
// too (the lowest, one in the middle, the highest), and what one member lacks does not compile.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';

const run = promisify(execFile);
const here = path.join(repoRoot, 'test/types');
const dir = path.join(here, 'ranges-check');
const RANGE = '@dockerapi/v1.41-v1.51';

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Compiles each source with its range import swapped for `target`, in one tsc run; returns the diagnostics by file. */
async function compile(cases: { file: string; source: string; target: string }[]): Promise<Record<string, string[]>> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const { file, source, target } of cases) {
    const text = await readFile(path.join(here, source), 'utf8');
    expect(text).toContain(`from '${RANGE}'`);
    await writeFile(path.join(dir, file), text.replace(`from '${RANGE}'`, `from '${target}'`));
  }
  const tsconfig = {
    extends: '../../../tsconfig.base.json',
    compilerOptions: { noEmit: true, skipLibCheck: true, paths: { '@dockerapi/runtime': ['../../../runtime/src/index.ts'] } },
    include: ['*.ts'],
  };
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', dir, '--pretty', 'false']).catch((error) => error);
  const byFile: Record<string, string[]> = Object.fromEntries(cases.map((c) => [c.file, []]));
  for (const line of `${result.stdout ?? ''}`.split('\n').filter(Boolean)) {
    const file = /^test\/types\/ranges-check\/([^(]+)\(/.exec(path.relative(repoRoot, path.resolve(repoRoot, line)))?.[1] ?? line;
    (byFile[file] ??= []).push(line.replace(/^.*?\(/, '('));
  }
  return byFile;
}

it('a program written against the range compiles against the range and v1.41, v1.46 and v1.51; what v1.41 lacks does not', async () => {
  const members = ['v1.41', 'v1.46', 'v1.51'];
  const diagnostics = await compile([
    { file: 'program-range.ts', source: 'range-program.ts', target: RANGE },
    ...members.map((v) => ({ file: `program-${v}.ts`, source: 'range-program.ts', target: `@dockerapi/${v}` })),
    { file: 'missing-range.ts', source: 'range-missing.ts', target: RANGE },
    { file: 'missing-v1.41.ts', source: 'range-missing.ts', target: '@dockerapi/v1.41' },
    { file: 'missing-v1.51.ts', source: 'range-missing.ts', target: '@dockerapi/v1.51' },
  ]);
  expect(diagnostics['program-range.ts']).toEqual([]);
  for (const v of members) expect(diagnostics[`program-${v}.ts`], v).toEqual([]);
  // Every `@ts-expect-error` is a real error against the range and its lowest member...
  expect(diagnostics['missing-range.ts']).toEqual([]);
  expect(diagnostics['missing-v1.41.ts']).toEqual([]);
  // ... and none is against the highest, which has all four: they fail for the range's reason.
  const unused = diagnostics['missing-v1.51.ts'];
  expect(unused).toHaveLength(4);
  for (const line of unused) expect(line).toContain("TS2578: Unused '@ts-expect-error' directive.");
  expect(Object.keys(diagnostics).sort()).toEqual(
    ['program-range.ts', ...members.map((v) => `program-${v}.ts`), 'missing-range.ts', 'missing-v1.41.ts', 'missing-v1.51.ts'].sort(),
  );
});
