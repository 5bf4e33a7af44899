// "Which package for my engine": the table from specs/sources.json's engine releases, and the
// README's copy of it kept in sync.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { apiSpecs, readSourceList, repoRoot } from '../../generator/src/document/sources.ts';
import { enginesMarkdown, enginesServing, enginesTable, groupReleases, releaseNames } from '../../generator/src/reports/engines.ts';

const releases = [
  { engine: '24.0', maxApi: '1.43', minApi: '1.12' },
  { engine: '25.0', maxApi: '1.44', minApi: '1.24' },
  { engine: '26.0', maxApi: '1.45', minApi: '1.24' },
  { engine: '26.1', maxApi: '1.45', minApi: '1.24' },
  { engine: '29.0', maxApi: '1.52', minApi: '1.44' },
  { engine: '29.1', maxApi: '1.52', minApi: '1.44' },
];
const versions = ['1.24', '1.43', '1.44', '1.45', '1.52'];

it('groups consecutive releases that accept the same versions', () => {
  expect(groupReleases(releases).map(releaseNames)).toEqual(['24.0', '25.0', '26.0 - 26.1', '29.0 - 29.1']);
});

it('names the package to install and the range that works, newest engines first', () => {
  const rows = enginesTable(releases, versions).split('\n').slice(2);
  expect(rows[0]).toBe('| 29.0 - 29.1 | 1.44 - 1.52 | `@dockerapi/v1.52` | `@dockerapi/v1.44` ... `@dockerapi/v1.52` |');
  expect(rows.at(-1)).toBe('| 24.0 | 1.12 - 1.43 | `@dockerapi/v1.43` | `@dockerapi/v1.24` ... `@dockerapi/v1.43` |');
});

it('says which engines refuse older packages', () => {
  expect(enginesMarkdown(releases, versions)).toContain('- Engine 29.0 - 29.1 accepts API 1.44 and newer.');
  expect(enginesMarkdown(releases, versions)).not.toContain('Engine 25.0 accepts');
});

it('lists the engines that serve a version, leaving out those that refuse it', () => {
  expect(enginesServing('1.43', releases)).toEqual(['24.0 - 26.1']);
  expect(enginesServing('1.52', releases)).toEqual(['29.0 - 29.1']);
  const later = [...releases, { engine: '29.3', maxApi: '1.54', minApi: '1.40' }];
  expect(enginesServing('1.43', later)).toEqual(['24.0 - 26.1', '29.3']);
  expect(enginesServing('1.53', later)).toEqual(['29.3']);
});

it('the README holds the table generated from specs/sources.json', async () => {
  const list = await readSourceList();
  const table = enginesTable(
    list.engineReleases,
    apiSpecs(list).map((s) => s.apiVersion),
  );
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const section = /<!-- engines-table: generated from specs\/sources.json -->\n([\s\S]*?)\n<!-- end engines-table -->/.exec(readme);
  expect(section, 'README.md has no engines-table section').not.toBeNull();
  expect(section![1], "README.md's engine table is stale: paste generated/reports/engines.md's table").toBe(table);
  expect(table).toContain('| 29.0 - 29.1 | 1.44 - 1.52 | `@dockerapi/v1.52` |');
});
