// Connection settings side by side with the real Docker CLI: the newest Debian packs (unstable's
// docker-cli, 28.x) is the reference, and bookworm's 20.10 a second column. Each scenario runs
// `docker version` with both CLIs and a client on the same environment, with contexts the CLI
// itself created: the client and the newest CLI must reach the same place the same way, or both
// refuse for the same reason; where 20.10 or the client differs on purpose, the scenario says why. Where reached is the real Engine 28.5 (its unix socket, its TLS listener on
// 127.0.0.1:2376) or, to see what was sent, a recorder: listeners on a loopback address of their own
// that note the port, whether the first byte opened TLS, and the request paths.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';

/** The CLIs by column: `scripts/engine.sh cli` installs each alone and prints its path. */
const CLI_SUITES = { newest: '28', old: '20' } as const;
type Column = keyof typeof CLI_SUITES;
const CLIS: Record<Column, string> = { newest: '', old: '' };
const RECORDER_PORTS = [80, 443, 2375, 2376, 23750];
/** The API version the recorder claims, so that both negotiate the same one. */
const RECORDER_API = '1.40';

interface Scenario {
  name: string;
  env?: Record<string, string>;
  /** Contexts the CLI creates first, by name: the value of `--docker`. */
  contexts?: Record<string, string>;
  /** `docker context use` this context, which writes currentContext to config.json. */
  use?: string;
  /** CLI flags, and the client options that stand for them. */
  flags?: string[];
  options?: { host?: string; context?: string; tls?: { ca?: string; cert?: string; key?: string; verify?: boolean } };
  /** config.json as this text, before the contexts are made. */
  configJson?: string;
  /** What the newest CLI does, and so the client. */
  want: string;
  /** Where the 20.10 CLI does otherwise, and why the newest is followed. */
  old?: { want: string; why: string };
  /** Where the client does otherwise than the newest CLI, on purpose. */
  client?: { want: string; why: string };
}

// Placeholders: {sock} the engine's unix socket, {certs} client certificates the engine trusts (and
// whose CA trusts the engine), {wrong} the same with a CA that does not sign the engine's certificate,
// {caonly} the CA alone, {home} the run's HOME, {rec} the run's recorder address.
const TLS_CERTS = { DOCKER_CERT_PATH: '{certs}' };
const CERT_FILES = 'ca={certs}/ca.pem,cert={certs}/cert.pem,key={certs}/key.pem';
const WRONG_CA_FILES = 'ca={wrong}/ca.pem,cert={wrong}/cert.pem,key={wrong}/key.pem';
const tlsFlags = (dir: string) => ['--tlscacert', `${dir}/ca.pem`, '--tlscert', `${dir}/cert.pem`, '--tlskey', `${dir}/key.pem`];
const tlsFiles = (dir: string) => ({ ca: `${dir}/ca.pem`, cert: `${dir}/cert.pem`, key: `${dir}/key.pem` });
const OK = 'the engine answered';
const NOT_TRUSTED = 'refused: the engine certificate is not trusted';
const CERT_REQUIRED = 'refused: the engine wants a client certificate';

const scenarios: Scenario[] = [
  // DOCKER_HOST forms
  { name: 'DOCKER_HOST=unix://socket', env: { DOCKER_HOST: 'unix://{sock}' }, want: OK },
  {
    name: 'DOCKER_HOST=unix:// is the default socket',
    env: { DOCKER_HOST: 'unix://' },
    want: 'refused: cannot connect to unix:///var/run/docker.sock',
  },
  { name: 'no settings: the default socket', want: 'refused: cannot connect to unix:///var/run/docker.sock' },
  { name: 'tcp:// without a port: 2375', env: { DOCKER_HOST: 'tcp://{rec}' }, want: `plain HTTP to :2375, GET /v${RECORDER_API}/version` },
  { name: 'a bare host:port', env: { DOCKER_HOST: '{rec}:23750' }, want: `plain HTTP to :23750, GET /v${RECORDER_API}/version` },
  { name: 'tcp://:2376 means localhost', env: { DOCKER_HOST: 'tcp://:2376', DOCKER_TLS_VERIFY: '1', ...TLS_CERTS }, want: OK },
  { name: 'an unknown scheme', env: { DOCKER_HOST: 'gopher://{rec}' }, want: 'refused: invalid host' },
  { name: 'a port that is no number', env: { DOCKER_HOST: 'tcp://{rec}:x' }, want: 'refused: invalid host' },
  { name: 'ssh:// with a password', env: { DOCKER_HOST: 'ssh://me:hunter2@{rec}' }, want: 'refused: ssh URL with a password' },
  { name: 'ssh://[::1]', env: { DOCKER_HOST: 'ssh://[::1]:1' }, want: 'refused: ssh to ::1 failed' },
  // TLS variables
  {
    name: 'DOCKER_TLS_VERIFY with DOCKER_CERT_PATH',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', ...TLS_CERTS },
    want: OK,
  },
  { name: 'DOCKER_TLS_VERIFY=0 is set too', env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '0', ...TLS_CERTS }, want: OK },
  { name: 'DOCKER_TLS_VERIFY without DOCKER_HOST: localhost:2376', env: { DOCKER_TLS_VERIFY: '1', ...TLS_CERTS }, want: OK },
  { name: 'a bare host:port with TLS', env: { DOCKER_HOST: '127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', ...TLS_CERTS }, want: OK },
  {
    name: 'DOCKER_CERT_PATH alone: no TLS',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', ...TLS_CERTS },
    want: 'refused: plain HTTP to a TLS engine',
  },
  {
    name: 'DOCKER_TLS: TLS without verification',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: '{wrong}' },
    want: OK,
  },
  {
    name: 'DOCKER_TLS_VERIFY verifies',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '{wrong}' },
    want: NOT_TRUSTED,
  },
  {
    name: 'no client certificate in the folder',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '{caonly}' },
    want: CERT_REQUIRED,
  },
  {
    name: 'TLS without ca.pem',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS: '1' },
    want: 'refused: no file {home}/.docker/ca.pem',
  },
  {
    name: 'tcp:// without a port and TLS: still 2375',
    env: { DOCKER_HOST: 'tcp://{rec}', DOCKER_TLS: '1', ...TLS_CERTS },
    want: 'TLS to :2375',
  },
  {
    name: 'TLS with a unix socket',
    env: { DOCKER_HOST: 'unix://{sock}', DOCKER_TLS_VERIFY: '1', ...TLS_CERTS },
    want: OK,
    old: { want: 'refused: TLS over a local socket', why: 'its own bug: it dials the socket path as a TCP host name' },
    client: {
      want: 'refused: TLS over a local socket',
      why: 'configured TLS is never dropped without a word: the client says the socket cannot carry it',
    },
  },
  {
    name: 'a ca.pem that is not PEM',
    env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '{notpem}' },
    want: 'refused: ca.pem is not PEM',
  },
  // API versions
  {
    name: 'DOCKER_API_VERSION=1.38',
    env: { DOCKER_HOST: 'tcp://{rec}:23750', DOCKER_API_VERSION: '1.38' },
    want: 'plain HTTP to :23750, GET /v1.38/version',
  },
  {
    name: 'DOCKER_API_VERSION=v1.38',
    env: { DOCKER_HOST: 'tcp://{rec}:23750', DOCKER_API_VERSION: 'v1.38' },
    want: 'plain HTTP to :23750, GET /v1.38/version',
  },
  // The CLI sends it and the engine refuses; the client refuses before sending.
  {
    name: 'DOCKER_API_VERSION older than any engine speaks',
    env: { DOCKER_HOST: 'unix://{sock}', DOCKER_API_VERSION: '1.12' },
    want: 'refused: API version 1.12 too old',
  },
  {
    name: 'DOCKER_API_VERSION=1.4, a mistyped 1.40',
    env: { DOCKER_HOST: 'unix://{sock}', DOCKER_API_VERSION: '1.4' },
    want: 'refused: API version 1.4 too old',
  },
  // A port beyond 65535
  { name: 'a port above 65535', env: { DOCKER_HOST: 'tcp://{rec}:99999' }, want: 'refused: invalid host' },
  // config.json
  {
    name: 'a config.json that is not JSON: the default context',
    configJson: '{"currentContext": "remote",',
    want: 'refused: cannot connect to unix:///var/run/docker.sock',
  },
  {
    name: 'a config.json that is not JSON, with DOCKER_HOST',
    configJson: '{"currentContext": ',
    env: { DOCKER_HOST: 'unix://{sock}' },
    want: OK,
  },
  // Contexts
  {
    name: 'DOCKER_CONTEXT with TLS',
    contexts: { remote: `host=tcp://127.0.0.1:2376,${CERT_FILES}` },
    env: { DOCKER_CONTEXT: 'remote' },
    want: OK,
  },
  {
    name: 'a context verifies',
    contexts: { remote: `host=tcp://127.0.0.1:2376,${WRONG_CA_FILES}` },
    env: { DOCKER_CONTEXT: 'remote' },
    want: NOT_TRUSTED,
  },
  {
    name: 'a context with skip-tls-verify',
    contexts: { remote: `host=tcp://127.0.0.1:2376,${WRONG_CA_FILES},skip-tls-verify=true` },
    env: { DOCKER_CONTEXT: 'remote' },
    want: OK,
  },
  {
    name: 'a context that only skips verification',
    contexts: { remote: 'host=tcp://127.0.0.1:2376,skip-tls-verify=true' },
    env: { DOCKER_CONTEXT: 'remote' },
    want: CERT_REQUIRED,
  },
  {
    name: 'a context without TLS and port: 80',
    contexts: { rec: 'host=tcp://{rec}' },
    env: { DOCKER_CONTEXT: 'rec' },
    want: `plain HTTP to :80, GET /v${RECORDER_API}/version`,
  },
  {
    name: 'a context with TLS and no port: 443',
    contexts: { rec: `host=tcp://{rec},${CERT_FILES}` },
    env: { DOCKER_CONTEXT: 'rec' },
    want: 'TLS to :443',
  },
  {
    name: 'a context with http:// and TLS material',
    contexts: { rec: `host=http://{rec}:23750,${CERT_FILES}` },
    env: { DOCKER_CONTEXT: 'rec' },
    want: 'TLS to :23750',
  },
  { name: 'a missing context', env: { DOCKER_CONTEXT: 'missing' }, want: 'refused: context missing not found' },
  { name: 'currentContext of config.json', contexts: { remote: `host=tcp://127.0.0.1:2376,${CERT_FILES}` }, use: 'remote', want: OK },
  {
    name: 'an empty DOCKER_CONFIG means ~/.docker',
    contexts: { local: 'host=unix://{sock}' },
    use: 'local',
    env: { DOCKER_CONFIG: '' },
    want: OK,
  },
  {
    name: 'DOCKER_HOST wins over DOCKER_CONTEXT',
    contexts: { remote: `host=tcp://127.0.0.1:2376,${WRONG_CA_FILES}` },
    env: { DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix://{sock}' },
    want: OK,
  },
  // Explicit options and the flags they stand for
  {
    name: '-H / host wins over the current context',
    contexts: { remote: `host=tcp://127.0.0.1:2376,${WRONG_CA_FILES}` },
    use: 'remote',
    flags: ['-H', 'unix://{sock}'],
    options: { host: 'unix://{sock}' },
    want: OK,
  },
  {
    name: '--context / context wins over DOCKER_HOST',
    contexts: { local: 'host=unix://{sock}' },
    env: { DOCKER_HOST: 'tcp://{rec}:23750' },
    flags: ['--context', 'local'],
    options: { context: 'local' },
    want: OK,
  },
  {
    name: '-H / host takes the TLS variables',
    env: { DOCKER_TLS_VERIFY: '1', ...TLS_CERTS },
    flags: ['-H', 'tcp://127.0.0.1:2376'],
    options: { host: 'tcp://127.0.0.1:2376' },
    want: OK,
  },
  {
    name: '--tlsverify and certificates / tls',
    flags: ['-H', 'tcp://127.0.0.1:2376', '--tlsverify', ...tlsFlags('{certs}')],
    options: { host: 'tcp://127.0.0.1:2376', tls: tlsFiles('{certs}') },
    want: OK,
  },
  {
    name: '--tls / tls without verification',
    flags: ['-H', 'tcp://127.0.0.1:2376', '--tls', ...tlsFlags('{wrong}')],
    options: { host: 'tcp://127.0.0.1:2376', tls: { ...tlsFiles('{wrong}'), verify: false } },
    want: OK,
  },
];

/** The CLI's and the client's words for the same outcome, as one label. */
const REFUSALS: [RegExp, (match: RegExpMatchArray) => string][] = [
  // Over TLS 1.3 the engine refuses a missing client certificate after the handshake: the CLI reads its
  // alert, and so does the client over node:http; over undici it only sees the connection closed.
  [/tls: certificate required|alert certificate required|\(UND_ERR_SOCKET\).* other side closed/, () => CERT_REQUIRED],
  // When ssh exits before the CLI's first write to it, the CLI sometimes loses that race and reports
  // only the closed pipe of its connection helper (`write |1: file already closed`), not ssh's exit.
  [
    /ssh -p 1 (?:-o ConnectTimeout=30 -T )?-- ::1 .*exit status 255|ssh ::1 exited with 255|write \|1: (?:file already closed|broken pipe)/,
    () => 'refused: ssh to ::1 failed',
  ],
  [/[Cc]annot connect to the Docker (?:daemon|engine) at (\S+?)\.? /, (m) => `refused: cannot connect to ${m[1]}`],
  [/Client sent an HTTP request to an HTTPS server/, () => 'refused: plain HTTP to a TLS engine'],
  [/certificate signed by unknown authority|unable to (?:get local issuer|verify the first) certificate/, () => NOT_TRUSTED],
  [/context "(\S+)"(?::| does not exist| not found)/, (m) => `refused: context ${m[1]} not found`],
  [/open (\S+): no such file|there is no CA certificate (\S+)/, (m) => `refused: no file ${m[1] ?? m[2]}`],
  [/plain-text password|password in an ssh:\/\/ URL/, () => 'refused: ssh URL with a password'],
  [/%2F.*dial tcp|is a local socket, which does not speak TLS/, () => 'refused: TLS over a local socket'],
  [/invalid bind address|invalid port|invalid Docker host/i, () => 'refused: invalid host'],
  // The client names the file; the CLIs name it (20.10) or its name alone (28: "ca.pem seems invalid").
  [
    /failed to append certificates from PEM file|ca\.pem seems invalid|ca\.pem is not a PEM certificate/,
    () => 'refused: ca.pem is not PEM',
  ],
  [/client version (\S+) is too old|"v?(\S+)" is older than API 1\.24/, (m) => `refused: API version ${m[1] ?? m[2]} too old`],
];

function label(message: string): string {
  for (const [pattern, name] of REFUSALS) {
    const match = pattern.exec(message);
    if (match) return name(match);
  }
  return `unclassified: ${message}`;
}

/** Loopback listeners on one address of their own: what arrived, in order. */
class Recorder {
  readonly seen: { port: number; tls: boolean; request?: string }[] = [];
  readonly #servers: net.Server[] = [];

  static async start(): Promise<Recorder> {
    for (let attempt = 0; ; attempt++) {
      const byte = (from: number, count: number) => from + Math.floor(Math.random() * count);
      const address = `127.${byte(100, 100)}.${byte(0, 256)}.${byte(1, 250)}`;
      const recorder = new Recorder(address);
      try {
        await Promise.all(RECORDER_PORTS.map((port) => recorder.#listen(port)));
        return recorder;
      } catch (error) {
        recorder.close();
        if (attempt === 5) throw error;
      }
    }
  }

  constructor(readonly address: string) {}

  #listen(port: number): Promise<void> {
    const answer = http.createServer((request, response) => {
      this.seen.push({ port, tls: false, request: `${request.method} ${request.url}` });
      const ping = { 'API-Version': RECORDER_API, OSType: 'linux', 'Content-Type': 'text/plain' };
      if (request.url === '/_ping') response.writeHead(200, ping).end('OK');
      else response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"recorded"}\n');
    });
    const server = net.createServer((socket) => {
      socket.once('data', (first) => {
        // 0x16 opens a TLS handshake; anything else is plain HTTP, answered by the HTTP server.
        if (first[0] === 0x16) {
          this.seen.push({ port, tls: true });
          socket.destroy();
        } else {
          socket.unshift(first);
          answer.emit('connection', socket);
        }
      });
      socket.on('error', () => {});
    });
    this.#servers.push(server);
    return new Promise((resolve, reject) => server.once('error', reject).listen(port, this.address, () => resolve()));
  }

  /** What the first connection was, and the first request that was not a ping. */
  describe(): string | undefined {
    const [first] = this.seen;
    if (!first) return undefined;
    if (first.tls) return `TLS to :${first.port}`;
    const request = this.seen.find((entry) => entry.request && !entry.request.includes('/_ping'));
    return `plain HTTP to :${first.port}, ${request?.request}`;
  }

  close(): void {
    for (const server of this.#servers) server.close();
  }
}

const root = mkdtempSync(path.join(os.tmpdir(), 'dockerapi-parity-'));
const recorders: Recorder[] = [];
afterAll(() => {
  for (const recorder of recorders) recorder.close();
  rmSync(root, { recursive: true, force: true });
});

/** A side's outcome as a label, and what it said (its error output). */
interface Outcome {
  outcome: string;
  said: string;
}

function cli(column: Column, args: string[], env: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(CLIS[column], args, { env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ ok: !error, output: `${stderr}${stdout}${error && !stderr ? error.message : ''}` });
    });
  });
}

/** One side of a scenario: its own HOME, config folder and recorder, its contexts made by the CLI. */
async function prepare(scenario: Scenario, side: Column | 'client', places: Record<string, string>) {
  const dir = path.join(root, `${scenarios.indexOf(scenario)}-${side}`);
  const home = path.join(dir, 'home');
  const config = path.join(home, '.docker');
  mkdirSync(config, { recursive: true });
  const recorder = await Recorder.start();
  recorders.push(recorder);
  const values: Record<string, string> = { ...places, home, rec: recorder.address };
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
  const base = { PATH: process.env.PATH ?? '', HOME: home, DOCKER_CONFIG: config };
  if (scenario.configJson !== undefined) writeFileSync(path.join(config, 'config.json'), scenario.configJson);
  // The client's contexts are made by the newest CLI.
  const maker = side === 'client' ? 'newest' : side;
  for (const [name, docker] of Object.entries(scenario.contexts ?? {})) {
    const made = await cli(maker, ['context', 'create', name, '--docker', fill(docker)], base);
    if (!made.ok) throw new Error(`docker context create ${name}: ${made.output}`);
  }
  if (scenario.use) {
    const used = await cli(maker, ['context', 'use', scenario.use], base);
    if (!used.ok) throw new Error(`docker context use ${scenario.use}: ${used.output}`);
  }
  const env: Record<string, string> = { ...base, ...Object.fromEntries(Object.entries(scenario.env ?? {}).map(([k, v]) => [k, fill(v)])) };
  return { env, recorder, fill };
}

async function runCli(column: Column, scenario: Scenario, places: Record<string, string>): Promise<Outcome> {
  const { env, recorder, fill } = await prepare(scenario, column, places);
  const result = await cli(column, [...(scenario.flags ?? []).map(fill), 'version', '--format', '{{.Server.APIVersion}}'], env);
  return { outcome: recorder.describe() ?? (result.ok ? OK : label(result.output)), said: result.output };
}

/** The client is made with exactly the scenario's environment in process.env, which it reads once. */
function withEnv<T>(env: Record<string, string>, make: () => T): T {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('DOCKER_') || key === 'HOME') delete process.env[key];
  Object.assign(process.env, env);
  try {
    return make();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

async function runClient(scenario: Scenario, places: Record<string, string>): Promise<Outcome> {
  const { env, recorder, fill } = await prepare(scenario, 'client', places);
  const given = scenario.options ?? {};
  const file = (name?: string) => (name ? readFileSync(fill(name)) : undefined);
  const options = {
    host: given.host && fill(given.host),
    context: given.context,
    tls: given.tls && { ca: file(given.tls.ca), cert: file(given.tls.cert), key: file(given.tls.key), verify: given.tls.verify },
  };
  let outcome: string;
  let said = '';
  let client: DockerClient | undefined;
  try {
    client = withEnv(env, () => new DockerClient(options));
    await client.systemVersion();
    outcome = OK;
  } catch (error) {
    said = `${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ''}`;
    outcome = label(said);
  } finally {
    await client?.close();
  }
  return { outcome: recorder.describe() ?? outcome, said };
}

/** `scripts/engine.sh cli N`: installs that CLI alone if needed, prints its path. */
function installCli(suite: string): Promise<string> {
  const script = path.resolve(import.meta.dirname, '../../scripts/engine.sh');
  return new Promise((resolve, reject) => {
    execFile(script, ['cli', suite], { timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`scripts/engine.sh cli ${suite}: ${stderr || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

describe('connection settings: the client and the Docker CLI on the same environment', () => {
  const outcomes = new Map<Scenario, Record<Column | 'client', Outcome>>();

  beforeAll(async () => {
    for (const column of Object.keys(CLI_SUITES) as Column[]) CLIS[column] = await installCli(CLI_SUITES[column]);
    const certs = inject('tlsCertPath');
    const wrong = path.join(root, 'wrong-ca');
    const caonly = path.join(root, 'ca-only');
    const notpem = path.join(root, 'not-pem');
    mkdirSync(wrong);
    mkdirSync(caonly);
    mkdirSync(notpem);
    // A CA file that trusts only the client's own certificate, not the engine's.
    copyFileSync(path.join(certs, 'cert.pem'), path.join(wrong, 'ca.pem'));
    for (const file of ['cert.pem', 'key.pem']) copyFileSync(path.join(certs, file), path.join(wrong, file));
    copyFileSync(path.join(certs, 'ca.pem'), path.join(caonly, 'ca.pem'));
    // A CA file that is not PEM; the client certificate is fine.
    writeFileSync(path.join(notpem, 'ca.pem'), 'not a certificate\n');
    for (const file of ['cert.pem', 'key.pem']) copyFileSync(path.join(certs, file), path.join(notpem, file));
    const places = { sock: inject('dockerHost').replace(/^unix:\/\//, ''), certs, wrong, caonly, notpem };
    const one = async (scenario: Scenario) => {
      const [newest, old, client] = await Promise.all([
        runCli('newest', scenario, places),
        runCli('old', scenario, places),
        runClient(scenario, places),
      ]);
      outcomes.set(scenario, { newest, old, client });
    };
    await Promise.all(scenarios.map(one));
  });

  it('has enough scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(20));

  it.each(scenarios)('$name', (scenario) => {
    const { newest, old, client } = outcomes.get(scenario)!;
    const want = scenario.want;
    // Each side has its own HOME and recorder address; the labels name neither but a file in HOME.
    expect({ newest: unhome(newest.outcome), client: unhome(client.outcome), old: unhome(old.outcome) }).toEqual({
      newest: want,
      client: scenario.client?.want ?? want,
      old: scenario.old?.want ?? want,
    });
    // A password given in a host is never repeated.
    expect(client.said).not.toContain('hunter2');
  });
});

/** Each side has its own HOME: compare file names relative to it. */
const unhome = (text: string) => text.replace(new RegExp(`${root}/[^/]+/home`, 'g'), '{home}');
