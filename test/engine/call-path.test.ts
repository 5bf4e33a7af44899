// Behaviour the call path takes from operation descriptors, against each engine at its newest version
// (support/newest.ts): stats read as one document with stream=false, attach over a websocket, a hijacked exec ended by the call's signal.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { newest, newestApiVersion } from './support/newest.ts';
import { covered } from './coverage/covered-client.ts';
import { compareVersions } from '../../generator/src/versions.ts';

const { AbortedError, DockerClient, JsonStream, NotFoundError, WebSocketStream } = newest;

type WS = InstanceType<typeof WebSocketStream>;
const host = inject('dockerHost');
const image = inject('testImage');
const docker = covered(new DockerClient({ host }));
const created: string[] = [];
afterAll(async () => {
  for (const id of created) await docker.containerDelete({ id, force: true }).catch(() => undefined);
  await docker.close();
});

async function running(cmd: string[], config: Record<string, unknown> = {}) {
  const name = `dockerapi-call-path-${created.length}-${process.pid}`;
  const { Id } = await docker.containerCreate({ name, body: { Image: image, Cmd: cmd, ...config } });
  created.push(Id);
  return Id;
}

describe('stats', () => {
  it('answers one document with stream=false, and a stream by default', async () => {
    const id = await running(['sleep', '30']);
    await docker.containerStart({ id });
    const once = (await docker.containerStats({ id, stream: false })) as unknown as { id: string; name: string };
    expect(once).not.toBeInstanceOf(JsonStream);
    expect(once).toMatchObject({ id, name: expect.stringMatching(/^\/dockerapi-call-path-/) });
    const stream = await docker.containerStats({ id });
    expect(stream).toBeInstanceOf(JsonStream);
    for await (const item of stream) {
      expect(item.id).toBe(id);
      break;
    }
    stream.body.destroy();
  });
});

describe('attach over a websocket', () => {
  // The streams to attach are chosen since v1.42; before, the engine attaches all three.
  const choose = (streams: { stdin?: boolean; stdout?: boolean; stderr?: boolean }) =>
    compareVersions(newestApiVersion, '1.42') >= 0 ? streams : {};

  it('sends stdin as messages and reads the output, raw', async () => {
    const id = await running(['sh', '-c', 'read line; echo "got $line"; echo err >&2; exit 3'], {
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    // Declared and answered as a WebSocketStream: output and stdin, no exit code.
    const params = { id, stream: true, ...choose({ stdin: true, stdout: true, stderr: true }) };
    const attached = await docker.containerAttachWebsocket(params);
    expect(attached).toBeInstanceOf(WebSocketStream);
    await docker.containerStart({ id });
    await attached.write('ping\n');
    // The engine never multiplexes websocket output: stdout and stderr arrive as one stream.
    expect(attached.output.multiplexed).toBe(false);
    const { stdout, stderr } = await attached.output.text();
    // Two lines from two streams the engine copies apart: their order is not fixed.
    expect(stdout.split('\n').sort()).toEqual(['', 'err', 'got ping']);
    expect(stderr).toBe('');
    expect((await docker.containerWait({ id })).StatusCode).toBe(3);
  });

  // Engine 28.5 has the TLS listener (scripts/engine.sh); Engine 29.7 has none.
  it.runIf(inject('tlsHost'))("dials through the client's own connection settings: TLS with client certificates", async () => {
    const certs = inject('tlsCertPath');
    const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => readFile(path.join(certs, f))));
    const tls = new DockerClient({ host: inject('tlsHost'), tls: { ca, cert, key } });
    try {
      const id = await running(['sh', '-c', 'echo over-tls'], { AttachStdout: true });
      const attached = await tls.containerAttachWebsocket({ id, stream: true, stdout: true });
      await tls.containerStart({ id });
      expect(await attached.output.text()).toEqual({ stdout: 'over-tls\n', stderr: '' });
    } finally {
      await tls.close();
    }
  });

  it("fails with the engine's error when the container does not exist", async () => {
    const attach = docker.containerAttachWebsocket({ id: 'dockerapi-call-path-missing', stream: true });
    await expect(attach).rejects.toThrow(NotFoundError);
    await expect(attach).rejects.toThrow('No such container: dockerapi-call-path-missing');
  });

  it("closes when the call's signal fires", async () => {
    const id = await running(['sh', '-c', 'echo started; sleep 30'], { AttachStdout: true });
    const controller = new AbortController();
    const params = { id, stream: true, ...choose({ stdout: true }) };
    const query = 'stdout' in params ? 'stream=1&stdout=1' : 'stream=1';
    const attached = await docker.containerAttachWebsocket(params, { signal: controller.signal });
    await docker.containerStart({ id });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const { data } of attached.output) {
        seen.push(data.toString());
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(AbortedError);
    await expect(reading).rejects.toThrow(
      new RegExp(`^GET /v${newestApiVersion.replace('.', '\\.')}/containers/\\w+/attach/ws\\?${query}: aborted$`),
    );
    expect(seen.join('')).toBe('started\n');
  });
});

describe('hijacked exec', () => {
  it("ends on the call's signal after the upgrade: output and exit code both stop", async () => {
    const id = await running(['sleep', '30']);
    await docker.containerStart({ id });
    const exec = await docker.containerExec({ id, body: { Cmd: ['sh', '-c', 'echo started; sleep 30'], AttachStdout: true } });
    const controller = new AbortController();
    const session = await docker.execStart({ id: exec.Id, body: {} }, { signal: controller.signal, timeout: 5000 });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const { data } of session.output) {
        seen.push(data.toString());
        controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(AbortedError);
    await expect(reading).rejects.toThrow(`POST /v${newestApiVersion}/exec/${exec.Id}/start: aborted`);
    expect(seen).toEqual(['started\n']);
    const exit = session.exitCode();
    await expect(exit).rejects.toThrow(AbortedError);
    await expect(exit).rejects.toThrow(`GET /v${newestApiVersion}/exec/${exec.Id}/json: aborted`);
  });
});
