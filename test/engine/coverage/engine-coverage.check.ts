// Runs after every engine test (its own project, a later group): on each engine the operation tests
// run on, every operation of the newest API version it serves must have been answered and checked at
// that version on that engine, and every operation
// whose schema changed at a version (schema-changes.ts) answered at that version by each engine that
// serves it, or be listed in test/engine/coverage-exceptions.json with the reason it cannot run here.
import { expect, it } from 'vitest';
import { mergeRecords, readRecords, writeTable } from './merge.ts';
import { compareVersions } from '../../../generator/src/versions.ts';
import { exceptions, excuses, majorMinor, whole } from './exceptions.ts';
import { schemaChangePairs } from './schema-changes.ts';

const records = await readRecords();
const table = mergeRecords(records);
await writeTable(table);

it('has coverage records from this run of the engine tests', () => {
  expect(records.length).toBeGreaterThan(0);
});

// Each engine serves the versions up to its own (Engine 28.5: 1.51, Engine 20.10: 1.41).
const engines = new Map(
  records.map((r) => [majorMinor(r.engine), { engine: r.engine, api: r.engineApiVersion, min: r.engineMinApiVersion }]),
);
// Which versions an engine serves: Engine 29.7 refuses below 1.40.
const serves = (e: { api: string; min: string }, version: string) =>
  compareVersions(version, e.api) <= 0 && compareVersions(version, e.min) >= 0;
const newest =
  [...engines.values()]
    .map((e) => e.api)
    .sort(compareVersions)
    .at(-1) ?? '0.0';

// The engines test/engine/ops runs on (the `engine`, `engine-29` and `engine-20` projects).
const OPERATIONS_TESTED_ON = ['28.5', '29.7', '20.10'];

it.each(OPERATIONS_TESTED_ON)(
  'checked on Engine %s every operation of the newest version it serves, or lists why it cannot',
  async (name) => {
    const engine = engines.get(name);
    expect(engine, `no coverage records from Engine ${name}`).toBeDefined();
    const { operations } = await import(`@dockerapi/v${engine!.api}/operations`);
    const ids = Object.values<{ id: string }>(operations)
      .map((op) => op.id)
      .sort();
    expect(ids.length).toBeGreaterThan(0);
    const uncovered = ids.filter((id) => !table[id]?.[engine!.api]?.[engine!.engine] && !whole(exceptions[id]));
    expect(uncovered, `operations of v${engine!.api} neither covered on Engine ${name} nor listed as exceptions`).toEqual([]);
  },
);

it('lists only exceptions that are operations, each with a reason, none of them covered', async () => {
  const { operations } = await import(`@dockerapi/v${newest}/operations`);
  const ids = new Set(Object.values<{ id: string }>(operations).map((op) => op.id));
  const unknown = Object.keys(exceptions).filter((id) => !ids.has(id));
  expect(unknown, 'exceptions naming no operation of the newest version').toEqual([]);
  expect(Object.entries(exceptions).filter(([, e]) => typeof e.reason !== 'string' || e.reason.length < 20)).toEqual([]);
  const stale = Object.entries(exceptions)
    .filter(([id, e]) => whole(e) && table[id]?.[newest] && !e.sometimesCovered)
    .map(([id]) => id);
  expect(stale, 'exceptions that the tests now cover: remove them from the list').toEqual([]);
});

const required = schemaChangePairs();

it.each([...engines.values()].map((e) => [e.engine, e] as const))(
  'exercised on Engine %s every operation at each version its schema changed in',
  (engine, e) => {
    const served = required.filter((p) => serves(e, p.version));
    expect(served.length).toBeGreaterThan(0);
    const missing = served
      .filter(({ operation, version }) => !table[operation]?.[version]?.[engine] && !excuses(exceptions[operation], version, engine))
      .map(({ operation, version }) => `${operation} v${version}`);
    expect(missing, 'schema changes neither exercised at their version nor listed as exceptions').toEqual([]);
  },
);

it('lists only narrowed exceptions that excuse a schema change nothing covers', () => {
  const stale = Object.entries(exceptions)
    .filter(([, e]) => !whole(e) && !e.sometimesCovered)
    .flatMap(([id, e]) =>
      [...engines.values()]
        .filter(({ engine }) => !e.engines || e.engines.includes(majorMinor(engine)))
        .flatMap((served) =>
          required
            .filter((p) => p.operation === id && serves(served, p.version) && excuses(e, p.version, served.engine))
            .filter((p) => table[id]?.[p.version]?.[served.engine])
            .map((p) => `${id} v${p.version} on ${served.engine}`),
        ),
    );
  expect(stale, 'narrowed exceptions that the tests now cover: remove those versions').toEqual([]);
  const excusingNothing = Object.entries(exceptions)
    .filter(([, e]) => !whole(e))
    .filter(([id, e]) => !required.some((p) => p.operation === id && (!e.versions || e.versions.includes(p.version))))
    .map(([id]) => id);
  expect(excusingNothing, 'narrowed exceptions naming no schema change').toEqual([]);
});
