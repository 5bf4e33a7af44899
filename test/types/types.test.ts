// Type tests: every generated package's declarations compile under strict, and consumer programs
// for sampled versions compile, their `@ts-expect-error` lines (operations a version lacks, wrong
// parameter types) really being errors.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readManifest } from '../../generator/src/output/folder.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';

const run = promisify(execFile);

it('all packages and the consumer programs for v1.25, v1.41 and v1.55 compile under strict', async () => {
  const manifest = await readManifest(path.join(repoRoot, 'generated'));
  const versions = Object.keys(manifest!.versions);
  expect(versions.length).toBeGreaterThan(30);
  // Importing every package makes tsc check each one's declarations (skipLibCheck is off).
  const imports = versions.map((v) => `export type * as v${v.replace(/\W/g, '_')} from '@dockerapi/v${v}';`);
  await writeFile(path.join(repoRoot, 'test/types/all-versions.generated.ts'), `${imports.join('\n')}\n`);
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', path.join(repoRoot, 'test/types/tsconfig.json')]).catch((error) => error);
  expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
});
