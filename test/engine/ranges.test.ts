// The range packages against the real engines: each negotiates min(its highest version, the
// engine's) and runs a container through its life; one whose range starts above the engine's
// version refuses before sending any operation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';
import { EngineOutOfRangeError, NotFoundError } from '../../runtime/src/index.ts';
import { ResponseValidator } from './response-schema.ts';

const image = inject('testImage');
const engines = {
  '20.10': { host: inject('oldEngineHost'), api: '1.41' },
  '28.5': { host: inject('dockerHost'), api: '1.51' },
  '29.7': { host: inject('engine29Host'), api: '1.55' },
};
const ranges: string[] = JSON.parse(readFileSync(path.join(repoRoot, 'specs/ranges.json'), 'utf8')).ranges.map(
  (r: { range: string }) => r.range,
);
const clients: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

async function rangeClient(range: string, host: string) {
  const { DockerClient } = await import(`@dockerapi/v${range.replace('..', '-v')}`);
  const docker = new DockerClient({ host });
  clients.push(docker);
  return docker;
}

const min = (a: string, b: string) => (Number(a.slice(2)) < Number(b.slice(2)) ? a : b);

it('the configured ranges include one starting at 1.41, run against Engine 20.10', () => {
  expect(ranges.length).toBeGreaterThanOrEqual(3);
  expect(ranges).toContain('1.41..1.51');
});

// Each range against every engine here that speaks its lowest version: what its README's
// "works with" claim says, shown on the real engines (1.41..1.51 on 20.10, 28.5 and 29.7).
const runs = ranges.flatMap((range) =>
  Object.entries(engines)
    .filter(([, engine]) => Number(engine.api.slice(2)) >= Number(range.split('..')[0].slice(2)))
    .map(([name, engine]) => ({ range, name, engine })),
);

it('runs the newest engine with every range, and Engine 20.10 with those starting at 1.41 or lower', () => {
  expect(runs.filter((r) => r.name === '29.7').map((r) => r.range)).toEqual(ranges);
  expect(runs.filter((r) => r.name === '20.10').map((r) => r.range)).toEqual(['1.41..1.51', '1.24..1.55']);
});

describe.each(runs)('@dockerapi range $range on Engine $name', ({ range, name: engineName, engine }) => {
  const [low, high] = range.split('..');

  it('negotiates within the range and runs a container through its life; every answer conforms to the range', async () => {
    const docker = await rangeClient(range, engine.host);
    const validator = await ResponseValidator.forRange(range);
    const conforms = (operationId: string, data: unknown) => expect(validator.check(operationId, data)).toEqual([]);
    const name = `dockerapi-range-${low}-${engineName}-${process.pid}`;
    expect(docker.minimumApiVersion).toBe(low);
    expect(await docker.apiVersion()).toBe(min(high, engine.api));
    expect(await docker.systemPing()).toBe('OK');
    const version = await docker.systemVersion();
    conforms('SystemVersion', version);
    expect(version.ApiVersion).toBe(engine.api);
    conforms('SystemInfo', await docker.systemInfo());
    conforms('ContainerList', await docker.containerList({ all: true }));
    conforms('ImageList', await docker.imageList());
    conforms('ImageInspect', await docker.imageInspect({ name: image }));
    conforms('NetworkList', await docker.networkList());
    conforms('VolumeList', await docker.volumeList());
    const { Id } = await docker.containerCreate({
      name,
      body: { Image: image, Cmd: ['sh', '-c', 'echo range'], Labels: { range, engine: engineName } },
    });
    try {
      await docker.containerStart({ id: Id });
      expect((await docker.containerWait({ id: Id })).StatusCode).toBe(0);
      // The stats were a bare object in the specs before 1.48: the range types them from 1.48's fields.
      conforms('ContainerStats', await docker.containerStats({ id: Id, stream: false }));
      const inspect = await docker.containerInspect({ id: Id });
      conforms('ContainerInspect', inspect);
      expect(inspect.State.Status).toBe('exited');
      expect(inspect.Config.Labels).toEqual({ range, engine: engineName });
      const listed = await docker.containerList({ all: true, filters: { label: [`range=${range}`, `engine=${engineName}`] } });
      expect(listed.map((c: { Id: string }) => c.Id)).toContain(Id);
      const logs = await docker.containerLogs({ id: Id, stdout: true });
      expect((await logs.text()).stdout).toBe('range\n');
    } finally {
      await docker.containerDelete({ id: Id, force: true });
    }
    await expect(docker.containerInspect({ id: Id })).rejects.toBeInstanceOf(NotFoundError);
  });
});

it('a range above Engine 20.10 (1.44..1.55) refuses it before sending any operation', async () => {
  const docker = await rangeClient('1.44..1.55', engines['20.10'].host);
  const name = `dockerapi-range-refused-${process.pid}`;
  const refused = await docker.containerCreate({ name, body: { Image: image } }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(EngineOutOfRangeError);
  expect(refused).toMatchObject({ engineVersion: '1.41', engineMinimumVersion: undefined, minimumVersion: '1.44', maximumVersion: '1.55' });
  expect((refused as Error).message).toBe(
    "HEAD /_ping: the engine speaks API 1.41 at most, below this package's range (1.44 - 1.55):" +
      ' use @dockerapi/v1.41, or a range package that starts at 1.41 or lower',
  );
  expect(docker.engineApiVersion).toBe('1.41');
  // Nothing was created: the operation never reached the engine.
  const old = await rangeClient('1.41..1.51', engines['20.10'].host);
  await expect(old.containerInspect({ id: name })).rejects.toBeInstanceOf(NotFoundError);
  // Every call refuses the same way, each asking the engine again.
  await expect(docker.systemPing()).rejects.toBeInstanceOf(EngineOutOfRangeError);
});
