// The (operation, version) pairs the engine tests must exercise, derived from diffs: schema changes
// only, an operation's own or those of a definition it reaches.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiDiff, Change } from '../../generator/src/reports/diff.ts';
import { changedAt, schemaChangePairs } from '../engine/coverage/schema-changes.ts';

let dir: string;
const change = (kind: Change['kind'], extra: Partial<Change>): Change => ({
  kind,
  subject: 'x',
  location: '',
  names: [],
  detail: '',
  breaking: false,
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-schema-changes-'));
  const diffs: ApiDiff[] = [
    {
      from: '1.30',
      to: '1.31',
      changes: [
        change('parameter-added', { operation: 'ContainerList' }),
        change('property-added', { subject: 'definition Mount', operations: ['ContainerCreate', 'ServiceCreate'] }),
        change('operation-added', { operation: 'ConfigCreate' }),
        change('status-added', { operation: 'ContainerStop' }),
        change('definition-added', { subject: 'definition New', operations: ['ImageList'] }),
      ],
    },
    { from: '1.29', to: '1.30', changes: [change('became-nullable', { operation: 'ContainerList' })] },
  ];
  for (const d of diffs) await writeFile(path.join(dir, `v${d.from}-v${d.to}.json`), JSON.stringify(d));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('asks for each operation whose schema changed, at the version it changed in, sorted', () => {
  expect(schemaChangePairs(dir)).toEqual([
    { operation: 'ContainerList', version: '1.30' },
    { operation: 'ContainerCreate', version: '1.31' },
    { operation: 'ContainerList', version: '1.31' },
    { operation: 'ServiceCreate', version: '1.31' },
  ]);
  expect([...changedAt('1.31', schemaChangePairs(dir))].sort()).toEqual(['ContainerCreate', 'ContainerList', 'ServiceCreate']);
});

it('says how to get the diffs when there are none', async () => {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-no-diffs-'));
  try {
    expect(() => schemaChangePairs(empty)).toThrow(/no diffs in .*: run `npm run generate` first/);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});
