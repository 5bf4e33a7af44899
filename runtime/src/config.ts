// Where and how to reach the engine, resolved the way the Docker CLI does:
// DOCKER_HOST, then DOCKER_CONTEXT, then the current context of ~/.docker/config.json
// (or $DOCKER_CONFIG/config.json), with TLS from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH or the context.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_HOST } from './host.js';

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

type Env = Record<string, string | undefined>;

export const dockerConfigDir = (env: Env = process.env) => env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');

export function readDockerConfig(env: Env = process.env): Record<string, any> {
  const file = path.join(dockerConfigDir(env), 'config.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

const readIfExists = (file: string) => (existsSync(file) ? readFileSync(file) : undefined);

function tlsFromDir(dir: string, verify: boolean): TlsMaterial {
  return { ca: readIfExists(path.join(dir, 'ca.pem')), cert: readIfExists(path.join(dir, 'cert.pem')), key: readIfExists(path.join(dir, 'key.pem')), verify };
}

/** A context's endpoint, from contexts/meta/<sha256(name)>/meta.json and its TLS folder. */
export function readContext(name: string, env: Env = process.env): ConnectionConfig {
  const id = createHash('sha256').update(name).digest('hex');
  const dir = dockerConfigDir(env);
  const metaFile = path.join(dir, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(metaFile)) throw new Error(`Docker context "${name}" not found (no ${metaFile})`);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) throw new Error(`Docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(dir, 'contexts', 'tls', id, 'docker');
  const tls = existsSync(tlsDir) ? tlsFromDir(tlsDir, !endpoint.SkipTLSVerify) : undefined;
  return { host: endpoint.Host, tls, source: `context "${name}"` };
}

/** Resolves the connection from the environment and the Docker CLI's configuration. */
export function resolveConnection(env: Env = process.env): ConnectionConfig {
  const apiVersion = env.DOCKER_API_VERSION || undefined;
  let config: ConnectionConfig;
  if (env.DOCKER_HOST) {
    config = { host: env.DOCKER_HOST, source: 'DOCKER_HOST' };
  } else {
    const context = env.DOCKER_CONTEXT || readDockerConfig(env).currentContext;
    config = context && context !== 'default' ? readContext(context, env) : { host: DEFAULT_HOST, source: 'default' };
  }
  // As in the CLI, DOCKER_TLS_VERIFY / DOCKER_CERT_PATH apply to a host given by DOCKER_HOST.
  if (config.source === 'DOCKER_HOST' && (env.DOCKER_TLS_VERIFY || env.DOCKER_CERT_PATH)) {
    config.tls = tlsFromDir(env.DOCKER_CERT_PATH || dockerConfigDir(env), Boolean(env.DOCKER_TLS_VERIFY));
  }
  return { ...config, apiVersion };
}
