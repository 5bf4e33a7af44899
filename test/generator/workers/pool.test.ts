// The worker pool: the same lists as in-process, a failing version fails the run with its message,
// and the biggest documents go first.
import { afterAll, describe, expect, it } from 'vitest';
import { largestFirst, WorkerPool } from '../../../generator/src/workers/pool.ts';
import type { BuildJob } from '../../../generator/src/workers/worker.ts';
import { versionListsOf } from '../../../generator/src/facts/index.ts';
import { readInputs } from '../../../generator/src/stages/inputs.ts';
import { readDocumentInputs } from '../../../generator/src/document/document.ts';
import type { SpecPatch } from '../../../generator/src/document/patches.ts';
import { apiSpecs, readSourceList } from '../../../generator/src/document/sources.ts';

const list = await readSourceList();
const inputs = await readInputs(await readDocumentInputs(list));
const spec = (version: string) => apiSpecs(list).find((s) => s.apiVersion === version)!;
const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('WorkerPool', () => {
  it('derives on its workers the lists the main thread derives, for several versions at once', async () => {
    const versions = ['1.24', '1.41', '1.51'];
    const onWorkers = await Promise.all(versions.map((v) => pool.lists(spec(v), inputs)));
    const inProcess = await Promise.all(versions.map((v) => versionListsOf(spec(v), inputs)));
    expect(onWorkers).toEqual(inProcess);
    expect(onWorkers[2].endpoints.length).toBeGreaterThan(onWorkers[0].endpoints.length);
  });

  it('rejects with the message of a version that fails, and keeps serving the others', async () => {
    const broken: SpecPatch = {
      id: 'broken',
      reason: 'test',
      apply: [{ versions: { from: '1.44', to: '1.44' }, operations: [{ op: 'replace', path: '/nowhere/at/all', value: 1 }] }],
    };
    await expect(pool.lists(spec('1.44'), { ...inputs, patches: [broken] })).rejects.toThrow(
      'specs/patches/broken.json does not apply to v1.44',
    );
    expect((await pool.lists(spec('1.45'), inputs)).endpoints.length).toBeGreaterThan(0);
  });
});

describe('largestFirst', () => {
  const job = (version: string): BuildJob => ({ key: version, source: spec(version), inputs });
  it('orders by spec size, v1.24 counting its base', () => {
    const order = largestFirst([job('1.25'), job('1.24'), job('1.51'), job('1.30')]).map((j) => j.key);
    expect(order[0]).toBe('1.51');
    expect(order.indexOf('1.24')).toBeLessThan(order.indexOf('1.25'));
    expect(order.at(-1)).toBe('1.25');
  });

  it('puts a range, counting all its members, before any one version', () => {
    const range: BuildJob = { key: '1.50-v1.51', range: { members: [spec('1.50'), spec('1.51')] }, inputs };
    const order = largestFirst([job('1.55'), job('1.51'), range]).map((j) => j.key);
    expect(order[0]).toBe('1.50-v1.51');
  });
});
