// Where and how to reach the engine, resolved exactly as the Docker CLI resolves it:
// - the context: the `context` option, else "default" when a host is given (option or DOCKER_HOST),
//   else DOCKER_CONTEXT, else `currentContext` of $DOCKER_CONFIG/config.json (~/.docker when unset or empty);
// - a named context brings its host and TLS material (TLS when it has material or skips verification);
// - the default context takes the host option or DOCKER_HOST, completed like the CLI's -H, and TLS from
//   the `tls` option or DOCKER_TLS_VERIFY / DOCKER_TLS (DOCKER_CERT_PATH only says where the files are);
// - the API version: the `apiVersion` option, else DOCKER_API_VERSION (`1.40` or `v1.40`), else negotiated.
// Configured TLS is never dropped: where it cannot apply (a unix socket), resolving fails.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConnectionSettingsError, normalizeHost, parseHost, redactHost, type Endpoint } from './host.js';

export { ConnectionSettingsError } from './host.js';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Verify the engine's certificate (default true). */
  verify: boolean;
}

export interface ConnectionConfig {
  host: string;
  tls?: TlsMaterial;
  /** A fixed API version (DOCKER_API_VERSION): disables negotiation. */
  apiVersion?: string;
  /** Which setting chose the host, for error messages. */
  source: string;
}

/** What a client resolves: the endpoint to open, its TLS material, and a fixed API version if any. */
export interface ClientConnection extends ConnectionConfig {
  endpoint: Endpoint;
}

/** The connection options of a client; each has a Docker CLI flag it stands for. */
export interface ConnectionOptions {
  /** Like `docker -H`: the default context, this host. */
  host?: string;
  /** Like `docker --context`. */
  context?: string;
  /** Like `--tlsverify --tlscacert --tlscert --tlskey` (`verify: false`: `--tls`), with the files' contents. */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; verify?: boolean };
  /** A fixed API version, like DOCKER_API_VERSION. */
  apiVersion?: string;
}

type Env = Record<string, string | undefined>;

/** $DOCKER_CONFIG, or ~/.docker when it is unset or empty (as the CLI: an empty value is no value). */
export const dockerConfigDir = (env: Env = process.env) => env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');

/** The config files already warned about, so that each warns once. */
const warnedConfigs = new Set<string>();

/**
 * $DOCKER_CONFIG/config.json, or nothing. One that cannot be read is left out with a warning, as the
 * CLI does ("WARNING: Error loading config file"): the default context, no stored credentials.
 */
export function readDockerConfig(env: Env = process.env): Record<string, any> {
  const file = path.join(dockerConfigDir(env), 'config.json');
  if (!existsSync(file)) return {};
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return leftOut(file, (error as Error).message);
  }
  if (config && typeof config === 'object' && !Array.isArray(config)) return config;
  return leftOut(file, 'not a JSON object');
}

/** Warns (once per file and problem) that a config.json is left out; nothing in its place. */
function leftOut(file: string, why: string): Record<string, any> {
  const problem = `cannot read ${file}: ${why}; going on without it, as the Docker CLI does`;
  if (!warnedConfigs.has(problem)) {
    warnedConfigs.add(problem);
    process.emitWarning(problem, { type: 'DockerConfigWarning', code: 'DOCKERAPI_CONFIG_FILE' });
  }
  return {};
}

const readIfExists = (file: string) => (existsSync(file) ? readFileSync(file) : undefined);
const toBuffer = (value: string | Buffer | undefined) => (typeof value === 'string' ? Buffer.from(value) : value);

/** Where each piece of TLS material came from, for errors: a file, or the tls option. */
type TlsSources = Record<'ca' | 'cert' | 'key', string>;

/** The PEM block each piece must hold, as Go's tls package (and so the CLI) requires before connecting. */
const PEM_BLOCK = { ca: /-----BEGIN CERTIFICATE-----/, cert: /-----BEGIN CERTIFICATE-----/, key: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ };
const PEM_WANTED = { ca: 'a PEM certificate', cert: 'a PEM certificate', key: 'a PEM private key' };

/** TLS material, each piece checked to be PEM: a CA that is not is refused here, not at the first handshake. */
function material(pieces: Partial<Record<'ca' | 'cert' | 'key', Buffer>>, verify: boolean, sources: TlsSources): TlsMaterial {
  for (const name of ['ca', 'cert', 'key'] as const) {
    const piece = pieces[name];
    if (piece && !PEM_BLOCK[name].test(piece.toString('latin1'))) {
      throw new ConnectionSettingsError(`${sources[name]} is not ${PEM_WANTED[name]} (no "-----BEGIN" block)`);
    }
  }
  const { ca, cert, key } = pieces;
  // A client certificate goes only with its key, as in the CLI.
  return cert && key ? { ca, cert, key, verify } : { ca, verify };
}

const inFolder = (dir: string): TlsSources => ({
  ca: path.join(dir, 'ca.pem'),
  cert: path.join(dir, 'cert.pem'),
  key: path.join(dir, 'key.pem'),
});

/**
 * TLS from the environment. DOCKER_TLS_VERIFY (any non-empty value, even 0) turns TLS on with
 * verification, DOCKER_TLS without; then ca.pem in DOCKER_CERT_PATH (default the config folder)
 * must exist, cert.pem and key.pem are used if there.
 */
function tlsFromEnv(env: Env): { tls?: TlsMaterial; source?: string } {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return {};
  const source = verify ? 'DOCKER_TLS_VERIFY' : 'DOCKER_TLS';
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir(env);
  const caFile = path.join(dir, 'ca.pem');
  if (!existsSync(caFile)) {
    const hint = 'set DOCKER_CERT_PATH to the folder of ca.pem, cert.pem, key.pem';
    throw new ConnectionSettingsError(`${source} is set but there is no CA certificate ${caFile} (${hint})`);
  }
  const files = inFolder(dir);
  const tls = material({ ca: readFileSync(files.ca), cert: readIfExists(files.cert), key: readIfExists(files.key) }, verify, files);
  return { tls, source };
}

function tlsFromOption(tls: NonNullable<ConnectionOptions['tls']>): TlsMaterial {
  // Unlike files the CLI finds in a folder, both are given on purpose: one without the other is a mistake.
  if (Boolean(tls.cert) !== Boolean(tls.key)) {
    const [given, missing] = tls.cert ? ['cert', 'key'] : ['key', 'cert'];
    throw new ConnectionSettingsError(`the tls option has a ${given} but no ${missing}: a client certificate needs both`);
  }
  const sources = { ca: "the tls option's ca", cert: "the tls option's cert", key: "the tls option's key" };
  return material({ ca: toBuffer(tls.ca), cert: toBuffer(tls.cert), key: toBuffer(tls.key) }, tls.verify ?? true, sources);
}

/** A context's endpoint, from contexts/meta/<sha256(name)>/meta.json and its TLS folder. */
export function readContext(name: string, env: Env = process.env): ConnectionConfig {
  // node:crypto only for a named context: a client given a host never loads it.
  const id = process.getBuiltinModule('node:crypto').createHash('sha256').update(name).digest('hex');
  const dir = dockerConfigDir(env);
  const metaFile = path.join(dir, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(metaFile)) throw new ConnectionSettingsError(`Docker context "${name}" not found (no ${metaFile})`);
  let meta: any;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    throw new ConnectionSettingsError(`Docker context "${name}": cannot read ${metaFile}: ${(error as Error).message}`, { cause: error });
  }
  const endpoint = meta?.Endpoints?.docker;
  if (!endpoint?.Host) throw new ConnectionSettingsError(`Docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(dir, 'contexts', 'tls', id, 'docker');
  const files = inFolder(tlsDir);
  const [ca, cert, key] = [files.ca, files.cert, files.key].map(readIfExists);
  // As in the CLI: TLS when the context has any material, or skips verification (TLS without a CA).
  const tls = ca || cert || key || endpoint.SkipTLSVerify ? material({ ca, cert, key }, !endpoint.SkipTLSVerify, files) : undefined;
  return { host: endpoint.Host, tls, source: `context "${name}"` };
}

/** The oldest API version any package of this client speaks (the oldest spec it is generated from). */
const OLDEST_API = 24;

/** DOCKER_API_VERSION or the option: `1.40` or `v1.40`, sent as /v1.40/. */
export function normalizeApiVersion(value: string | undefined, source: string): string | undefined {
  if (!value) return undefined;
  const match = /^v?(1\.(\d+))$/.exec(value);
  if (!match) throw new ConnectionSettingsError(`${source} "${value}" is not an API version: expected 1.NN or v1.NN, e.g. 1.44`);
  // A setting, not something the engine said: 1.4 is most likely 1.40 mistyped.
  if (Number(match[2]) < OLDEST_API) {
    throw new ConnectionSettingsError(`${source} "${value}" is older than API 1.${OLDEST_API}, the oldest this client speaks`);
  }
  return match[1];
}

/** The context the CLI would use; "default" means the host option, DOCKER_HOST or the default socket. */
function contextName(options: ConnectionOptions, env: Env): { name: string; source: string } {
  if (options.context && options.host) throw new ConnectionSettingsError('conflicting options: give either host or context, not both');
  if (options.context) return { name: options.context, source: 'the context option' };
  if (options.host) return { name: 'default', source: 'the host option' };
  if (env.DOCKER_HOST) return { name: 'default', source: 'DOCKER_HOST' };
  if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
  const current = readDockerConfig(env).currentContext;
  if (current) return { name: current, source: `currentContext of ${path.join(dockerConfigDir(env), 'config.json')}` };
  return { name: 'default', source: 'default' };
}

function resolveHostAndTls(options: ConnectionOptions, env: Env): ConnectionConfig & { tlsSource?: string } {
  const context = contextName(options, env);
  if (context.name !== 'default') {
    // The CLI ignores its TLS flags for a named context; an explicit `tls` option would be lost, so it is an error.
    if (options.tls) {
      const which = `context "${context.name}" (${context.source})`;
      throw new ConnectionSettingsError(`the tls option applies to a host, not to ${which}, which has its own TLS settings`);
    }
    const config = readContext(context.name, env);
    return { ...config, tlsSource: config.source };
  }
  const { tls, source: tlsSource } = options.tls ? { tls: tlsFromOption(options.tls), source: 'the tls option' } : tlsFromEnv(env);
  const given = options.host ?? env.DOCKER_HOST ?? '';
  return { host: normalizeHost(given, Boolean(tls)), tls, source: context.source, tlsSource };
}

/** Everything a client needs to connect, from its options and the environment, as the Docker CLI resolves it. */
export function resolveClientConnection(options: ConnectionOptions = {}, env: Env = process.env): ClientConnection {
  const { tlsSource, ...config } = resolveHostAndTls(options, env);
  const endpoint = parseHost(config.host, Boolean(config.tls));
  if (config.tls && (endpoint.kind === 'unix' || endpoint.kind === 'npipe')) {
    const host = `the Docker host ${redactHost(config.host)} (${config.source})`;
    throw new ConnectionSettingsError(`TLS is configured (${tlsSource}) but ${host} is a local socket, which does not speak TLS`);
  }
  const apiVersion = options.apiVersion
    ? normalizeApiVersion(options.apiVersion, 'the apiVersion option')
    : normalizeApiVersion(env.DOCKER_API_VERSION, 'DOCKER_API_VERSION');
  // Over ssh the remote docker's own socket is used, and the CLI ignores TLS settings: so does the client.
  return { ...config, tls: endpoint.kind === 'ssh' ? undefined : config.tls, apiVersion, endpoint };
}

/** Resolves the connection from the environment and the Docker CLI's configuration. */
export function resolveConnection(env: Env = process.env): ConnectionConfig {
  const { endpoint: _endpoint, ...config } = resolveClientConnection({}, env);
  return config;
}
