// Connection settings resolved from options and an environment, without an engine; the parity test
// in test/engine/ checks the same rules against the real Docker CLI.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configCredentials, ConnectionSettingsError, resolveClientConnection, type ConnectionOptions } from '@dockerapi/runtime';

const root = mkdtempSync(path.join(os.tmpdir(), 'dockerapi-config-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A PEM file's text around `text`: a key for key.pem, else a certificate. Contents only need to be told apart. */
const pemText = (text: string) => {
  const kind = /key(\.pem)?$/.test(text) ? 'PRIVATE KEY' : 'CERTIFICATE';
  return `-----BEGIN ${kind}-----\n${text}\n-----END ${kind}-----\n`;
};
const pem = (text: string) => Buffer.from(pemText(text));

/** A folder of PEM files. */
function certDir(name: string, files: string[]) {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(path.join(dir, file), pemText(`${name}/${file}`));
  return dir;
}

function writeContext(config: string, name: string, endpoint: object, tlsFiles: string[] = []) {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(path.join(config, 'contexts/meta', id), { recursive: true });
  writeFileSync(path.join(config, 'contexts/meta', id, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: endpoint } }));
  if (tlsFiles.length) mkdirSync(path.join(config, 'contexts/tls', id, 'docker'), { recursive: true });
  for (const file of tlsFiles) writeFileSync(path.join(config, 'contexts/tls', id, 'docker', file), pemText(`${name}/${file}`));
}

const certs = certDir('certs', ['ca.pem', 'cert.pem', 'key.pem']);
const home = path.join(root, 'home');
const config = path.join(root, 'config');
writeContext(config, 'remote', { Host: 'tcp://10.0.0.9:2376', SkipTLSVerify: false }, ['ca.pem', 'cert.pem', 'key.pem']);
writeContext(config, 'skip-only', { Host: 'tcp://10.0.0.9:2376', SkipTLSVerify: true });
writeContext(config, 'plain', { Host: 'tcp://10.0.0.9:2375', SkipTLSVerify: false });
writeContext(path.join(home, '.docker'), 'in-home', { Host: 'tcp://10.0.0.7:2375', SkipTLSVerify: false });
writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'in-home' }));

const notPem = certDir('not-pem', []);
writeFileSync(path.join(notPem, 'ca.pem'), 'not a certificate');
writeContext(config, 'big-port', { Host: 'tcp://10.0.0.9:70000', SkipTLSVerify: false });
writeContext(config, 'bad-key', { Host: 'tcp://10.0.0.9:2376', SkipTLSVerify: false }, ['ca.pem', 'cert.pem', 'key.pem']);
writeFileSync(path.join(config, 'contexts/tls', createHash('sha256').update('bad-key').digest('hex'), 'docker', 'key.pem'), 'raw key');
writeContext(config, 'broken-meta', {});
writeFileSync(path.join(config, 'contexts/meta', createHash('sha256').update('broken-meta').digest('hex'), 'meta.json'), '{"Name":');

const base = { HOME: home, DOCKER_CONFIG: config };
const resolve = (env: Record<string, string>, options: ConnectionOptions = {}) => resolveClientConnection(options, { ...base, ...env });

describe('resolveClientConnection', () => {
  it.each<{ name: string; env: Record<string, string>; options?: ConnectionOptions; want: object }>([
    { name: 'nothing set: the default socket', env: {}, want: { host: 'unix:///var/run/docker.sock', tls: undefined, source: 'default' } },
    {
      name: 'DOCKER_CERT_PATH alone does not turn TLS on',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2375', DOCKER_CERT_PATH: certs },
      want: { endpoint: { kind: 'tcp', origin: 'http://10.0.0.1:2375' }, tls: undefined },
    },
    {
      name: 'DOCKER_TLS=1: TLS without verification',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs },
      want: { endpoint: { origin: 'https://10.0.0.1:2376' }, tls: { verify: false, ca: pem('certs/ca.pem'), cert: pem('certs/cert.pem') } },
    },
    {
      name: 'DOCKER_TLS=1 alone: TLS without verification, certificates from the config folder',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS: '1', DOCKER_CONFIG: certs },
      want: { endpoint: { origin: 'https://10.0.0.1:2376' }, tls: { verify: false, ca: pem('certs/ca.pem') } },
    },
    {
      name: 'DOCKER_TLS_VERIFY, any non-empty value: TLS with verification',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: certs },
      want: { endpoint: { origin: 'https://10.0.0.1:2376' }, tls: { verify: true, key: pem('certs/key.pem') } },
    },
    {
      name: 'DOCKER_TLS_VERIFY without DOCKER_HOST: tcp://localhost:2376',
      env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      want: { host: 'tcp://localhost:2376', endpoint: { origin: 'https://localhost:2376' } },
    },
    {
      name: 'the certificates default to the config folder',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: certs },
      want: { tls: { ca: pem('certs/ca.pem') } },
    },
    {
      name: 'a client certificate without its key is not used',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir('no-key', ['ca.pem', 'cert.pem']) },
      want: { tls: { ca: pem('no-key/ca.pem'), verify: true } },
    },
    {
      name: 'the TLS variables apply to an explicit host, as to docker -H',
      env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      options: { host: 'tcp://10.0.0.2:2376' },
      want: { endpoint: { origin: 'https://10.0.0.2:2376' }, tls: { verify: true }, source: 'the host option' },
    },
    {
      name: 'TLS material with an http:// host speaks TLS',
      env: {},
      options: { host: 'http://10.0.0.2:2376', tls: { ca: pemText('ca'), cert: pemText('cert'), key: pemText('key') } },
      want: { endpoint: { origin: 'https://10.0.0.2:2376' }, tls: { verify: true, ca: pem('ca') } },
    },
    { name: 'tcp:// without a port: 2375', env: { DOCKER_HOST: 'tcp://10.0.0.3' }, want: { endpoint: { origin: 'http://10.0.0.3:2375' } } },
    { name: 'tcp://:2375: localhost', env: { DOCKER_HOST: 'tcp://:2375' }, want: { endpoint: { origin: 'http://localhost:2375' } } },
    { name: 'a bare host:port is tcp://', env: { DOCKER_HOST: '10.0.0.3:2375' }, want: { endpoint: { origin: 'http://10.0.0.3:2375' } } },
    {
      name: 'unix:// alone: the default socket',
      env: { DOCKER_HOST: 'unix://' },
      want: { endpoint: { kind: 'unix', socketPath: '/var/run/docker.sock' } },
    },
    { name: 'DOCKER_API_VERSION=v1.40 is 1.40', env: { DOCKER_API_VERSION: 'v1.40' }, want: { apiVersion: '1.40' } },
    {
      name: 'the apiVersion option wins',
      env: { DOCKER_API_VERSION: '1.40' },
      options: { apiVersion: 'v1.44' },
      want: { apiVersion: '1.44' },
    },
    {
      name: 'DOCKER_CONTEXT',
      env: { DOCKER_CONTEXT: 'plain' },
      want: { host: 'tcp://10.0.0.9:2375', tls: undefined, source: 'context "plain"' },
    },
    {
      name: 'a context with TLS material',
      env: { DOCKER_CONTEXT: 'remote' },
      want: { endpoint: { origin: 'https://10.0.0.9:2376' }, tls: { verify: true, ca: pem('remote/ca.pem'), key: pem('remote/key.pem') } },
    },
    {
      name: 'a context that only skips verification still speaks TLS',
      env: { DOCKER_CONTEXT: 'skip-only' },
      want: { endpoint: { origin: 'https://10.0.0.9:2376' }, tls: { verify: false, ca: undefined } },
    },
    {
      name: 'DOCKER_HOST wins over DOCKER_CONTEXT',
      env: { DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'tcp://10.0.0.4' },
      want: { host: 'tcp://10.0.0.4:2375', tls: undefined },
    },
    {
      name: 'the host option wins over DOCKER_CONTEXT',
      env: { DOCKER_CONTEXT: 'remote' },
      options: { host: 'unix:///x.sock' },
      want: { host: 'unix:///x.sock' },
    },
    {
      name: 'the context option',
      env: { DOCKER_HOST: 'tcp://10.0.0.4' },
      options: { context: 'plain' },
      want: { host: 'tcp://10.0.0.9:2375' },
    },
    { name: 'empty variables are unset ones', env: { DOCKER_HOST: '', DOCKER_CONTEXT: 'plain' }, want: { host: 'tcp://10.0.0.9:2375' } },
    {
      name: 'an empty DOCKER_CONFIG means ~/.docker',
      env: { DOCKER_CONFIG: '' },
      want: { host: 'tcp://10.0.0.7:2375', source: 'context "in-home"' },
    },
    {
      name: 'ssh:// ignores the TLS variables, as the CLI does',
      env: { DOCKER_HOST: 'ssh://me@box', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      want: { endpoint: { kind: 'ssh', destination: 'me@box' }, tls: undefined },
    },
  ])('$name', ({ env, options, want }) => expect(resolve(env, options)).toMatchObject(want));

  it.each<{ name: string; env: Record<string, string>; options?: ConnectionOptions; want: string }>([
    {
      name: 'TLS with a unix socket',
      env: { DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      want: 'TLS is configured (DOCKER_TLS_VERIFY) but the Docker host unix:///var/run/docker.sock (DOCKER_HOST) is a local socket',
    },
    {
      name: 'the tls option with a unix host',
      env: {},
      options: { host: 'unix:///x.sock', tls: { ca: pemText('x') } },
      want: 'TLS is configured (the tls option) but the Docker host unix:///x.sock (the host option) is a local socket',
    },
    {
      name: 'TLS without ca.pem',
      env: { DOCKER_TLS: '1', DOCKER_CERT_PATH: path.join(root, 'none') },
      want: `there is no CA certificate ${path.join(root, 'none', 'ca.pem')}`,
    },
    {
      name: 'the tls option with a context',
      env: { DOCKER_CONTEXT: 'remote' },
      options: { tls: { ca: 'x' } },
      want: 'the tls option applies to a host, not to context "remote"',
    },
    {
      name: 'host and context options together',
      env: {},
      options: { host: 'unix:///x.sock', context: 'plain' },
      want: 'give either host or context, not both',
    },
    { name: 'a missing context', env: { DOCKER_CONTEXT: 'missing' }, want: 'Docker context "missing" not found' },
    { name: 'an API version that is none', env: { DOCKER_API_VERSION: 'V1.40' }, want: 'DOCKER_API_VERSION "V1.40" is not an API version' },
    {
      name: 'a bad host',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:x' },
      want: 'invalid Docker host "tcp://10.0.0.1:x": the port "x" is not a number',
    },
    { name: 'a password in DOCKER_HOST', env: { DOCKER_HOST: 'ssh://me:hunter2@box' }, want: 'invalid Docker host "ssh://me:xxxxx@box"' },
    { name: 'a port above 65535', env: { DOCKER_HOST: 'tcp://10.0.0.1:99999' }, want: 'the port 99999 is not between 1 and 65535' },
    { name: 'port 0', env: {}, options: { host: 'tcp://10.0.0.1:0' }, want: 'the port 0 is not between 1 and 65535' },
    { name: 'a context port above 65535', env: { DOCKER_CONTEXT: 'big-port' }, want: 'the port 70000 is not between 1 and 65535' },
    // A setting, not the engine's word: never "the engine speaks v1.4".
    { name: 'DOCKER_API_VERSION=1.4', env: { DOCKER_API_VERSION: '1.4' }, want: 'DOCKER_API_VERSION "1.4" is older than API 1.24' },
    {
      name: 'the apiVersion option 1.12',
      env: {},
      options: { apiVersion: 'v1.12' },
      want: 'the apiVersion option "v1.12" is older than API 1.24',
    },
    {
      name: 'a client certificate without its key',
      env: {},
      options: { host: 'tcp://10.0.0.2:2376', tls: { cert: pemText('cert') } },
      want: 'the tls option has a cert but no key: a client certificate needs both',
    },
    {
      name: 'a key without its certificate',
      env: {},
      options: { host: 'tcp://10.0.0.2:2376', tls: { ca: pemText('ca'), key: pemText('key') } },
      want: 'the tls option has a key but no cert',
    },
    {
      name: 'a ca.pem that is not PEM, in DOCKER_CERT_PATH',
      env: { DOCKER_HOST: 'tcp://10.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: notPem },
      want: `${path.join(notPem, 'ca.pem')} is not a PEM certificate`,
    },
    {
      name: 'a ca that is not PEM, in the tls option',
      env: {},
      options: { host: 'tcp://10.0.0.2:2376', tls: { ca: 'DER bytes' } },
      want: "the tls option's ca is not a PEM certificate",
    },
    {
      name: 'a key that is not PEM, in a context',
      env: { DOCKER_CONTEXT: 'bad-key' },
      want: `${path.join(config, 'contexts/tls', createHash('sha256').update('bad-key').digest('hex'), 'docker', 'key.pem')} is not a PEM private key`,
    },
    {
      name: 'a context whose meta.json is not JSON',
      env: { DOCKER_CONTEXT: 'broken-meta' },
      want: `Docker context "broken-meta": cannot read ${path.join(config, 'contexts/meta', createHash('sha256').update('broken-meta').digest('hex'), 'meta.json')}`,
    },
  ])('refuses $name', ({ env, options, want }) => {
    expect(() => resolve(env, options)).toThrow(ConnectionSettingsError);
    expect(() => resolve(env, options)).toThrow(want);
  });
});

describe('a config.json that cannot be read', () => {
  const broken = path.join(root, 'broken-config');
  mkdirSync(broken, { recursive: true });
  writeFileSync(path.join(broken, 'config.json'), '{"currentContext": "remote",');

  /** The warnings emitted while `run` runs. */
  async function warningsOf(run: () => unknown): Promise<string[]> {
    const seen: string[] = [];
    const listen = (warning: Error) => seen.push(warning.message);
    process.on('warning', listen);
    try {
      await run();
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', listen);
    }
    return seen;
  }

  it('is left out with a warning, as the CLI does: the default context', async () => {
    let resolved: ReturnType<typeof resolveClientConnection> | undefined;
    const warnings = await warningsOf(() => {
      resolved = resolveClientConnection({}, { HOME: home, DOCKER_CONFIG: broken });
    });
    expect(resolved).toMatchObject({ host: 'unix:///var/run/docker.sock', source: 'default' });
    expect(warnings).toEqual([expect.stringMatching(`^cannot read ${path.join(broken, 'config.json')}: .*going on without it`)]);
  });

  it('gives no stored credentials, with the same warning once', async () => {
    const warnings = await warningsOf(async () => {
      expect(await configCredentials('localhost:5000', { HOME: home, DOCKER_CONFIG: broken })).toBeUndefined();
    });
    expect(warnings).toEqual([]); // warned once already, above
  });

  it('is not read at all when DOCKER_HOST is set', async () => {
    const other = path.join(root, 'broken-config-2');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'config.json'), '[');
    const env = { HOME: home, DOCKER_CONFIG: other };
    expect(await warningsOf(() => resolveClientConnection({}, { ...env, DOCKER_HOST: 'tcp://10.0.0.1:2375' }))).toEqual([]);
    // ...and warns once it is.
    expect(await warningsOf(() => resolveClientConnection({}, env))).toHaveLength(1);
  });
});
