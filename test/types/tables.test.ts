// The emitted operation tables are checked by the compiler against the runtime's OperationDescriptor
// (tsconfig.tables.json, run by `npm test`): a misspelled key in a table is a type error naming it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';

const run = promisify(execFile);
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function check(table: string): Promise<string> {
  // Inside the repository, so that '@dockerapi/runtime' resolves as it does for the generated packages.
  const dir = await mkdtemp(path.join(repoRoot, 'test/types/tables-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'operations.js'), table);
  const config = { extends: '../../../tsconfig.tables.json', include: ['operations.js'] };
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  const result = await run(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')]).catch((error) => error);
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

it('accepts a generated table and refuses a copy with a misspelled key, naming it', async () => {
  const table = await readFile(path.join(repoRoot, 'generated/v1.44/operations.js'), 'utf8');
  expect(await check(table)).toBe('');
  const misspelled = table.replace('"since":"1.24"', '"sinse":"1.24"');
  expect(misspelled).not.toBe(table);
  const output = await check(misspelled);
  expect(output).toContain('error TS');
  expect(output).toContain("\"sinse\"' does not exist in type 'OperationDescriptor'");
});
