// A range package's negotiation against engines the real ones here cannot stand for: one newer
// than the range that still accepts it (Engine 29.1: 1.44 - 1.52), one whose lowest version is above
// the range, one within it. test/engine/ranges.test.ts runs the real Engine 20.10 and 28.5.
import { afterEach, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.41-v1.51';
import { EngineOutOfRangeError } from '@dockerapi/runtime';
import { fakeEngine, ping, type FakeEngine } from '../support/fake-engine.js';

let engine: FakeEngine | undefined;
afterEach(() => engine?.stop());

/** An engine speaking `max`, accepting from `min`; records every request but the ping. */
async function engineWith(max: string, min: string) {
  const requests: string[] = [];
  engine = await fakeEngine((req, res) => {
    if (req.url === '/_ping') return ping(req, res, max);
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': max });
    res.end(req.url === '/version' ? JSON.stringify({ ApiVersion: max, MinAPIVersion: min }) : '[]');
  });
  return { host: engine.host, requests };
}

it('negotiates its highest version with a newer engine that accepts it, asking the engine its lowest once', async () => {
  const { host, requests } = await engineWith('1.52', '1.44');
  const docker = new DockerClient({ host });
  try {
    expect(await docker.apiVersion()).toBe('1.51');
    await docker.containerList({});
    await docker.containerList({});
    expect(requests).toEqual(['GET /version', 'GET /v1.51/containers/json', 'GET /v1.51/containers/json']);
  } finally {
    await docker.close();
  }
});

it('refuses an engine whose lowest version is above the range, before sending the operation', async () => {
  const { host, requests } = await engineWith('1.56', '1.52');
  const docker = new DockerClient({ host });
  try {
    const refused = await docker.containerList({}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EngineOutOfRangeError);
    expect(refused).toMatchObject({ engineVersion: '1.56', engineMinimumVersion: '1.52', minimumVersion: '1.41', maximumVersion: '1.51' });
    expect((refused as Error).message).toBe(
      "GET /version: the engine accepts API 1.52 and newer, above this package's range (1.41 - 1.51):" +
        ' use @dockerapi/v1.52 or newer, or a range package that reaches 1.52',
    );
    expect(requests).toEqual(['GET /version']);
  } finally {
    await docker.close();
  }
});

it('negotiates an engine within the range to its version, without asking for its lowest', async () => {
  const { host, requests } = await engineWith('1.45', '1.24');
  const docker = new DockerClient({ host });
  try {
    await docker.containerList({});
    expect(await docker.apiVersion()).toBe('1.45');
    expect(requests).toEqual(['GET /v1.45/containers/json']);
  } finally {
    await docker.close();
  }
});

it('refuses a fixed API version below the range', () => {
  expect(() => new DockerClient({ host: 'tcp://127.0.0.1:1', apiVersion: '1.40' })).toThrow(
    "API version 1.40 (fixed) is below this package's range: 1.41 - 1.51",
  );
});
