// Connections and versions against real engines: negotiation with Engine 28.5 (1.51) and
// Engine 20.10 (1.41), failing fast on operations an engine lacks, TLS, contexts, timeouts, aborts.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DockerClient as Client156 } from '@dockerapi/v1.56';
import {
  DockerClient as Client151,
  AbortedError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DockerError,
  NotFoundError,
  NotModifiedError,
  TimeoutError,
  UnsupportedOperationError,
} from '@dockerapi/v1.51';

const host = inject('dockerHost');
const oldHost = inject('oldEngineHost');
const image = inject('testImage');
const clients: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(client: T) => {
  clients.push(client);
  return client;
};
afterAll(() => Promise.all(clients.map((c) => c.close())));

describe('version negotiation', () => {
  it('uses min(package, engine): a v1.56 client speaks 1.51 to Engine 28.5', async () => {
    const docker = track(new Client156({ host }));
    expect(await docker.apiVersion()).toBe('1.51');
    await expect(docker.containerInspect({ id: 'no-such-container' })).rejects.toMatchObject({
      constructor: NotFoundError,
      message: expect.stringContaining('No such container'),
      path: '/v1.51/containers/no-such-container/json',
    });
  });

  it('speaks 1.41 to Engine 20.10 and refuses, before sending, what 1.41 lacks', async () => {
    const docker = track(new Client151({ host: oldHost }));
    expect(await docker.apiVersion()).toBe('1.41');
    expect(docker.engineApiVersion).toBe('1.41');
    const version = await docker.systemVersion();
    expect(version.Version).toMatch(/^20\.10\./);
    const refused = docker.volumeUpdate({ name: 'v', version: 1, body: { Spec: {} } });
    await expect(refused).rejects.toThrow(UnsupportedOperationError);
    await expect(refused).rejects.toThrow('VolumeUpdate needs API v1.42, but the engine speaks v1.41');
  });

  it('does not negotiate when a version is fixed, by option or DOCKER_API_VERSION', async () => {
    const fixed = track(new Client151({ host, apiVersion: '1.45' }));
    expect(await fixed.apiVersion()).toBe('1.45');
    expect(fixed.engineApiVersion).toBeUndefined();
    await expect(fixed.containerInspect({ id: 'nope' })).rejects.toMatchObject({
      constructor: NotFoundError,
      message: expect.stringContaining('No such container: nope'),
      path: '/v1.45/containers/nope/json',
    });
    const fromEnv = withEnv({ DOCKER_HOST: host, DOCKER_API_VERSION: '1.44' }, () => track(Client151.fromEnv()));
    expect(await fromEnv.apiVersion()).toBe('1.44');
  });
});

describe('connecting', () => {
  it('says plainly when there is no engine at the address', async () => {
    const docker = track(new Client151({ host: 'unix:///tmp/dockerapi-no-such-engine.sock' }));
    const failure = docker.systemPing();
    await expect(failure).rejects.toThrow(ConnectionError);
    await expect(failure).rejects.toThrow(
      'cannot connect to the Docker engine at unix:///tmp/dockerapi-no-such-engine.sock (ENOENT): is it running?',
    );
  });

  it('speaks TLS with client certificates, verifying the engine by default', async () => {
    const certs = inject('tlsCertPath');
    const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => readFile(path.join(certs, f))));
    const docker = track(new Client151({ host: inject('tlsHost'), tls: { ca, cert, key } }));
    expect(await docker.systemPing()).toBe('OK');
    // Without the CA, the engine's certificate is not trusted.
    const untrusted = track(new Client151({ host: inject('tlsHost'), tls: { cert, key } }));
    const distrusted = untrusted.systemPing();
    await expect(distrusted).rejects.toThrow(DockerError);
    await expect(distrusted).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    // Without a client certificate, the engine refuses the connection.
    const anonymous = track(new Client151({ host: inject('tlsHost'), tls: { ca } }));
    const refused = anonymous.systemPing();
    await expect(refused).rejects.toThrow(ConnectionError);
    // The engine answered the handshake: say why it refused (on undici too), never "is it running?".
    await expect(refused).rejects.toThrow(
      `cannot connect to the Docker engine at ${inject('tlsHost')} (the engine wants a client certificate: give tls.cert and tls.key, or cert.pem and key.pem)`,
    );
    await expect(refused).rejects.not.toThrow('is it running?');
  });

  it('reads DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as the CLI does', async () => {
    const docker = withEnv({ DOCKER_HOST: inject('tlsHost'), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: inject('tlsCertPath') }, () =>
      track(Client151.fromEnv()),
    );
    expect(docker.endpoint).toMatchObject({ kind: 'tcp', origin: 'https://127.0.0.1:2376' });
    expect(await docker.systemPing()).toBe('OK');
  });

  it("follows DOCKER_CONTEXT and the current context of config.json, with the context's TLS material", async () => {
    const config = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-config-'));
    try {
      const id = createHash('sha256').update('remote-tls').digest('hex');
      await mkdir(path.join(config, 'contexts/meta', id), { recursive: true });
      await writeFile(
        path.join(config, 'contexts/meta', id, 'meta.json'),
        JSON.stringify({ Name: 'remote-tls', Endpoints: { docker: { Host: inject('tlsHost'), SkipTLSVerify: false } } }),
      );
      await mkdir(path.join(config, 'contexts/tls', id, 'docker'), { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
        await writeFile(path.join(config, 'contexts/tls', id, 'docker', f), await readFile(path.join(inject('tlsCertPath'), f)));
      const byVariable = withEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote-tls', DOCKER_HOST: undefined }, () =>
        track(Client151.fromEnv()),
      );
      expect(await byVariable.systemPing()).toBe('OK');
      await writeFile(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'remote-tls' }));
      const byConfig = withEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: undefined, DOCKER_HOST: undefined }, () =>
        track(Client151.fromEnv()),
      );
      expect(byConfig.endpoint.address).toBe(inject('tlsHost'));
      expect(await byConfig.systemPing()).toBe('OK');
      // DOCKER_HOST wins over any context.
      const byHost = withEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote-tls', DOCKER_HOST: host }, () => track(Client151.fromEnv()));
      expect(byHost.endpoint.address).toBe(host);
      expect(() =>
        withEnv({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'missing', DOCKER_HOST: undefined }, () => Client151.fromEnv()),
      ).toThrow('Docker context "missing" not found');
    } finally {
      await rm(config, { recursive: true, force: true });
    }
  });
});

describe('keep-alive', () => {
  it('keeps connections alive: twenty requests do not open twenty connections', async () => {
    let connects = 0;
    const count = () => connects++;
    // Every socket either transport opens (node:http or undici) is a net client socket.
    diagnostics.subscribe('net.client.socket', count);
    try {
      const docker = track(new Client151({ host }));
      await docker.apiVersion();
      for (let i = 0; i < 20; i++) await docker.systemVersion();
      // undici gives the HEAD ping a connection of its own (the engine does not say keep-alive on HEAD
      // answers), and a pool may open a second connection while the first finishes its answer; never one per request.
      expect(connects).toBeGreaterThan(0);
      expect(connects).toBeLessThanOrEqual(3);
    } finally {
      diagnostics.unsubscribe('net.client.socket', count);
    }
  });
});

describe('ssh://', () => {
  it('reaches the engine through the system ssh (its config, its keys) and docker system dial-stdio', async () => {
    const { host: sshHost, path: sshPath } = inject('ssh');
    const docker = track(new Client151({ host: sshHost }));
    // An `ssh` first on PATH that reads the test ssh_config (host alias, key); ssh runs per connection.
    const savedPath = process.env.PATH;
    process.env.PATH = `${sshPath}:${savedPath}`;
    try {
      expect(docker.endpoint).toMatchObject({ kind: 'ssh', destination: 'dockerapi-test' });
      expect(await docker.systemPing()).toBe('OK');
      expect(await docker.apiVersion()).toBe('1.51');
      // Several requests, and a stream, over the same kind of connection.
      const result = await docker.run({ image, cmd: ['sh', '-c', 'echo over-ssh'] });
      expect(result).toMatchObject({ exitCode: 0, stdout: 'over-ssh\n' });
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('says which ssh destination failed', async () => {
    const docker = track(new Client151({ host: 'ssh://nobody@127.0.0.1:1' }));
    await expect(docker.systemPing()).rejects.toThrow(/ssh nobody@127\.0\.0\.1 exited with 255/);
  });
});

describe('timeouts and aborts', () => {
  it("times out a call that gets no answer, and aborts on the caller's signal", async () => {
    const docker = track(new Client151({ host }));
    const { Id } = await docker.containerCreate({ body: { Image: image, Cmd: ['sleep', '30'] } });
    try {
      await docker.containerStart({ id: Id });
      // containerWait answers only when the container exits: 30 s from now.
      const late = docker.containerWait({ id: Id }, { timeout: 300 });
      await expect(late).rejects.toThrow(TimeoutError);
      await expect(late).rejects.toThrow(`POST /v1.51/containers/${Id}/wait: no answer within 300 ms`);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      await expect(docker.containerWait({ id: Id }, { signal: controller.signal })).rejects.toThrow(AbortedError);
      // The client still works after both.
      expect((await docker.containerInspect({ id: Id })).State?.Running).toBe(true);
    } finally {
      await docker.containerDelete({ id: Id, force: true });
    }
  });

  it("raises one error class per condition, with the engine's message", async () => {
    const docker = track(new Client151({ host }));
    const { Id } = await docker.containerCreate({ body: { Image: image, Cmd: ['sleep', '30'] } });
    try {
      await docker.containerStart({ id: Id });
      await expect(docker.containerStart({ id: Id })).rejects.toMatchObject({ constructor: NotModifiedError, statusCode: 304 });
      await expect(docker.containerDelete({ id: Id })).rejects.toMatchObject({
        constructor: ConflictError,
        statusCode: 409,
        engineMessage: expect.stringMatching(/running/),
      });
    } finally {
      await docker.containerDelete({ id: Id, force: true });
    }
    await expect(
      docker.containerCreate({ body: { Image: image, HostConfig: { RestartPolicy: { Name: 'sometimes' as never } } } }),
    ).rejects.toMatchObject({ constructor: BadRequestError, statusCode: 400 });
    await expect(docker.imageInspect({ name: 'dockerapi-test/absent:none' })).rejects.toMatchObject({
      constructor: NotFoundError,
      statusCode: 404,
      method: 'GET',
      engineMessage: expect.stringMatching(/No such image/i),
    });
  });
});

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}
