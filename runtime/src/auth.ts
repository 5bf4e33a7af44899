// Registry credentials for X-Registry-Auth (pull, push) and X-Registry-Config (build): explicit
// ones, or those of the Docker CLI's config.json (`auths`, `credsStore`, `credHelpers`).
import { execFile } from 'node:child_process';
import { readDockerConfig } from './config.js';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** A token from a credential helper or `docker login` with an identity provider. */
  identitytoken?: string;
  serveraddress?: string;
}

/** Docker Hub's key in config.json, for images without a registry host. */
export const DOCKER_HUB = 'https://index.docker.io/v1/';

/** The registry part of an image reference (`localhost:5000/app` -> `localhost:5000`). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? first : DOCKER_HUB;
}

/** The header value: base64url of the JSON, as the engine reads it. */
export const encodeAuth = (auth: RegistryCredentials | Record<string, RegistryCredentials>) => Buffer.from(JSON.stringify(auth)).toString('base64url');

function fromHelper(helper: string, registry: string): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (error, stdout) => {
      if (error) {
        // Helpers answer "credentials not found" with a non-zero exit: that is no credentials.
        if (/not found/i.test(stdout) || /not found/i.test(String((error as any).stderr ?? ''))) return resolve(undefined);
        return reject(new Error(`docker-credential-${helper} failed for ${registry}: ${(error as Error).message.split('\n')[0]}`));
      }
      const { Username, Secret } = JSON.parse(stdout) as { Username: string; Secret: string };
      resolve(Username === '<token>' ? { identitytoken: Secret, serveraddress: registry } : { username: Username, password: Secret, serveraddress: registry });
    });
    child.stdin!.end(registry);
  });
}

function fromAuths(entry: { auth?: string; identitytoken?: string } | undefined, registry: string): RegistryCredentials | undefined {
  if (!entry) return undefined;
  if (entry.identitytoken) return { identitytoken: entry.identitytoken, serveraddress: registry };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: registry };
}

/** Credentials for one registry from the Docker CLI's configuration, if it has any. */
export async function configCredentials(registry: string, env: Record<string, string | undefined> = process.env): Promise<RegistryCredentials | undefined> {
  const config = readDockerConfig(env);
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const found = await fromHelper(helper, registry);
    if (found) return found;
  }
  return fromAuths(config.auths?.[registry], registry);
}

/** Every registry's credentials, for builds that may pull from any of them. */
export async function allConfigCredentials(env: Record<string, string | undefined> = process.env): Promise<Record<string, RegistryCredentials>> {
  const config = readDockerConfig(env);
  const registries = new Set([...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})]);
  const out: Record<string, RegistryCredentials> = {};
  for (const registry of [...registries].sort()) {
    const found = await configCredentials(registry, env);
    if (found) out[registry] = found;
  }
  return out;
}
