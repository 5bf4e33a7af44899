// Options as JavaScript may pass them: a wrong type is refused at the call or the construction, with
// a DockerError naming the option, and nothing is sent. And a request path of megabytes (a large
// filter) stays bounded in every message that names the request.
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import { DockerApiError, DockerError, InvalidOptionError, NotFoundError, PATH_LIMIT, TimeoutError } from '@dockerapi/runtime';
import { fakeEngine, ping, type FakeEngine } from '../support/fake-engine.js';

let engine: FakeEngine | undefined;
let requests: string[] = [];
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  requests = [];
});

/** An engine that records each request and answers a ping, a 404 for `/missing`, and never anything else. */
async function recordingEngine(): Promise<string> {
  engine = await fakeEngine((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/_ping') return ping(req, res);
    if (req.url?.includes('/missing/')) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end('{"message":"No such container: missing"}');
    }
  });
  return engine.host;
}

describe('a call option of the wrong type', () => {
  it.each([
    { given: { signal: {} }, want: 'the signal option must be an AbortSignal' },
    { given: { signal: 'stop' }, want: 'the signal option must be an AbortSignal' },
    { given: { timeout: 'abc' }, want: 'the timeout option must be a number of milliseconds, 0 or more (0: no limit), got "abc"' },
    { given: { timeout: -1 }, want: 'the timeout option must be a number of milliseconds, 0 or more (0: no limit), got -1' },
    { given: { timeout: Number.NaN }, want: 'got NaN' },
    { given: { timeout: Number.POSITIVE_INFINITY }, want: 'got Infinity' },
  ])('is refused at the call, naming the request, with nothing sent: $want', async ({ given, want }) => {
    const docker = new DockerClient({ host: await recordingEngine() });
    const call = docker.containerInspect({ id: 'abc' }, given as never);
    await expect(call).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(call).rejects.toBeInstanceOf(DockerError);
    await expect(call).rejects.toThrow(want);
    await expect(call).rejects.toThrow(/^GET \/containers\/\{id\}\/json: the/);
    expect(requests).toEqual([]);
    await docker.close();
  });

  it('is refused on the version lookup too', async () => {
    const docker = new DockerClient({ host: await recordingEngine() });
    await expect(docker.apiVersion({ signal: 42 as never })).rejects.toThrow(
      /^HEAD \/_ping: the signal option must be an AbortSignal .*, got a number$/,
    );
    expect(requests).toEqual([]);
    await docker.close();
  });

  it('keeps 0 meaning no timeout', async () => {
    const docker = new DockerClient({ host: await recordingEngine(), timeout: 0 });
    await expect(docker.containerInspect({ id: 'missing' }, { timeout: 0 })).rejects.toBeInstanceOf(NotFoundError);
    await docker.close();
  });
});

describe('a client option of the wrong type', () => {
  it.each([
    { given: { timeout: 'abc' }, want: 'the timeout option must be a number of milliseconds' },
    { given: { timeout: -5 }, want: 'got -5' },
    { given: { connectTimeout: '10s' }, want: 'the connectTimeout option must be a number of milliseconds' },
    { given: { maxConnections: 0 }, want: 'the maxConnections option must be a positive integer, got 0' },
    { given: { transport: 'fetch' }, want: `the transport option must be 'auto', 'http' or 'undici', got "fetch"` },
    { given: { unsupportedFields: 'ignore' }, want: `the unsupportedFields option must be 'error' or 'warn', got "ignore"` },
  ])('is refused at construction: $want', ({ given, want }) => {
    const make = () => new DockerClient({ host: 'unix:///nowhere.sock', ...(given as object) });
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow(want);
  });
});

describe('a request path of megabytes', () => {
  const filters = { label: [`big=${'x'.repeat(16 * 1024 * 1024)}`] };

  it('is bounded in the message of an engine error, and whole on the error', async () => {
    const docker = new DockerClient({ host: await recordingEngine() });
    // Node's HTTP server, like the engine's, refuses a request line this long: 431.
    const error = await docker.containerTop({ id: 'missing', ps_args: filters.label[0] }).catch((e) => e);
    expect(error).toBeInstanceOf(DockerApiError);
    expect(error.message.length).toBeLessThan(PATH_LIMIT + 200);
    expect(error.message).toMatch(
      /^GET \/v1\.51\/containers\/missing\/top\?ps_args=big%3Dx+\.\.\. \(\d+ characters in all\) failed with \d+/,
    );
    expect(error.path.length).toBeGreaterThan(16 * 1024 * 1024);
    await docker.close();
  });

  it('is bounded in the message of a timeout', async () => {
    const docker = new DockerClient({ host: await recordingEngine() });
    const error = await docker.containerList({ filters }, { timeout: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message.length).toBeLessThan(PATH_LIMIT + 200);
    expect(error.message).toMatch(/characters in all\): no answer within 300 ms$/);
    await docker.close();
  });
});
