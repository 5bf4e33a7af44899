// Registry credentials for X-Registry-Auth (pull, push) and X-Registry-Config (build): explicit
// ones, or those of the Docker CLI's config.json (`auths`, `credsStore`, `credHelpers`).
import { readDockerConfig } from './config.js';
import { CredentialsError, type RequestInfo } from './errors.js';

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

/**
 * The header value: URL-safe base64 of the JSON, padded. The engine decodes it with Go's padded
 * URL encoding (as the Docker CLI and docker-py send it); without the padding it cannot decode a
 * JSON whose length is not a multiple of 3, and for pull and build it then ignores the credentials.
 */
export const encodeAuth = (auth: RegistryCredentials | Record<string, RegistryCredentials>) =>
  Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

/** Where a credential lookup happens, for its errors; the call site says which request needs it. */
const NO_REQUEST: RequestInfo = { method: '', path: 'registry credentials' };

/** The helper's answer `{ServerURL, Username, Secret}`, or undefined when it is not that. */
function parseHelperAnswer(stdout: string): { Username: string; Secret: string } | undefined {
  try {
    const answer = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown } | null;
    const { Username, Secret } = answer ?? {};
    if (typeof Username === 'string' && typeof Secret === 'string') return { Username, Secret };
  } catch {
    // not JSON: reported below without the text, which may hold the secret
  }
  return undefined;
}

async function fromHelper(helper: string, registry: string, request: RequestInfo): Promise<RegistryCredentials | undefined> {
  // child_process only once a credential helper is configured and asked.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (error, stdout) => {
      if (error) {
        // Helpers answer "credentials not found" with a non-zero exit: that is no credentials.
        if (/not found/i.test(stdout) || /not found/i.test(String((error as any).stderr ?? ''))) return resolve(undefined);
        const code = (error as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT' ? 'is not on PATH' : error.killed ? 'did not answer within 30 s' : `failed (exit code ${code ?? 'unknown'})`;
        return reject(new CredentialsError(helper, registry, why, request));
      }
      const answer = parseHelperAnswer(stdout);
      if (!answer) {
        const why = `answered something other than {"Username", "Secret"} JSON (${stdout.length} bytes)`;
        return reject(new CredentialsError(helper, registry, why, request));
      }
      const { Username, Secret } = answer;
      resolve(
        Username === '<token>'
          ? { identitytoken: Secret, serveraddress: registry }
          : { username: Username, password: Secret, serveraddress: registry },
      );
    });
    // A helper that exits without reading its stdin must not take the process down with EPIPE.
    child.stdin!.on('error', () => undefined);
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
export async function configCredentials(
  registry: string,
  env: Record<string, string | undefined> = process.env,
  request: RequestInfo = NO_REQUEST,
): Promise<RegistryCredentials | undefined> {
  const config = readDockerConfig(env);
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const found = await fromHelper(helper, registry, request);
    if (found) return found;
  }
  return fromAuths(config.auths?.[registry], registry);
}

/** Every registry's credentials, for builds that may pull from any of them. */
export async function allConfigCredentials(
  env: Record<string, string | undefined> = process.env,
  request: RequestInfo = NO_REQUEST,
): Promise<Record<string, RegistryCredentials>> {
  const config = readDockerConfig(env);
  const registries = new Set([...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})]);
  const out: Record<string, RegistryCredentials> = {};
  for (const registry of [...registries].sort()) {
    const found = await configCredentials(registry, env, request);
    if (found) out[registry] = found;
  }
  return out;
}
