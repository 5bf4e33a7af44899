// Docker host addresses, read the way the Docker CLI reads them: DOCKER_HOST and -H are completed
// first (`normalizeHost`, the CLI's ParseHost), a context's host is taken as stored; then the
// address becomes an endpoint (`parseHost`). No error message ever repeats a password.

import { ConnectionSettingsError } from './errors.js';

export type Endpoint =
  | { kind: 'unix'; socketPath: string; address: string }
  | { kind: 'npipe'; socketPath: string; address: string }
  | { kind: 'tcp'; origin: string; address: string }
  | {
      kind: 'ssh';
      /** `user@host` or `host`, as ssh takes it. */
      destination: string;
      hostname: string;
      user?: string;
      port?: number;
      /** The engine socket on the remote host (`ssh://host/run/docker.sock`); default the remote docker's own. */
      socketPath?: string;
      address: string;
    };

export const DEFAULT_HOST = 'unix:///var/run/docker.sock';
const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine';
/** The CLI completes a tcp:// host with localhost and 2375, with or without TLS. */
const DEFAULT_TCP_HOST = 'localhost';
const DEFAULT_TCP_PORT = '2375';
/** Where the CLI goes when TLS is on and no host is given. */
export const DEFAULT_TLS_HOST = 'tcp://localhost:2376';

export { ConnectionSettingsError };

/** The address with any password replaced, for messages. */
export const redactHost = (address: string) => address.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/]*@/i, '$1:xxxxx@');

const invalid = (address: string, problem: string) =>
  new ConnectionSettingsError(`invalid Docker host "${redactHost(address)}": ${problem}`);

// [user[:password]@]host[:port][/path], host possibly a bracketed IPv6 address.
const AUTHORITY = /^(?:([^@/]*)@)?(\[[^\]/]*\]|[^:/]*)(?::([^/]*))?(\/.*)?$/s;

function splitAuthority(address: string, rest: string) {
  const match = AUTHORITY.exec(rest);
  if (!match) throw invalid(address, 'expected host[:port]');
  const [, userinfo, host, port, path = ''] = match;
  if (port && !/^\d+$/.test(port)) throw invalid(address, `the port "${port}" is not a number`);
  if (port && (Number(port) < 1 || Number(port) > 65535)) throw invalid(address, `the port ${port} is not between 1 and 65535`);
  return { userinfo, host, port, path };
}

/**
 * Completes a DOCKER_HOST or `host` option value as the CLI does: empty means the default socket
 * (tcp://localhost:2376 when TLS is on), `host:port` means tcp://, and tcp:// takes localhost and
 * port 2375 for what it leaves out. `http(s)://` hosts, which the CLI refuses here, are kept as given.
 */
export function normalizeHost(value: string, defaultToTls = false): string {
  const address = value.trim();
  if (!address) return defaultToTls ? DEFAULT_TLS_HOST : DEFAULT_HOST;
  const cut = address.indexOf('://');
  const scheme = cut < 0 ? 'tcp' : address.slice(0, cut);
  const rest = cut < 0 ? address : address.slice(cut + 3);
  switch (scheme) {
    case 'tcp': {
      if (rest.includes('://')) throw invalid(address, 'expected tcp://host:port');
      const { host, port, path } = splitAuthority(address, rest);
      return `tcp://${host || DEFAULT_TCP_HOST}:${port || DEFAULT_TCP_PORT}${path}`;
    }
    case 'unix':
    case 'npipe':
      if (rest.includes('://')) throw invalid(address, `expected ${scheme}://path`);
      return rest ? `${scheme}://${rest}` : scheme === 'unix' ? DEFAULT_HOST : DEFAULT_NPIPE;
    case 'ssh':
    case 'http':
    case 'https':
      return address;
    case 'fd':
      throw invalid(address, 'fd:// is how an engine is handed its listening sockets; a client cannot connect to it');
    default:
      throw invalid(address, `unsupported scheme ${scheme}://; expected unix://, tcp://, ssh://, npipe:// or http(s)://`);
  }
}

/**
 * The endpoint of a complete address. `tls` makes a tcp:// or http:// host speak TLS: as in the
 * Docker client, configured TLS decides the protocol, not the scheme. A port left out is the
 * scheme's (80, 443 with TLS), as the CLI does for a context's host.
 */
export function parseHost(address: string, tls = false): Endpoint {
  const match = /^([a-z]+):\/\/(.*)$/s.exec(address);
  if (!match) throw invalid(address, 'expected unix:///path, tcp://host:port, ssh://[user@]host or http(s)://host:port');
  const [, scheme, rest] = match;
  switch (scheme) {
    case 'unix':
      if (!rest) throw invalid(address, 'no socket path');
      return { kind: 'unix', socketPath: rest, address };
    case 'npipe':
      if (!rest) throw invalid(address, 'no pipe path');
      // npipe:////./pipe/docker_engine -> \\.\pipe\docker_engine (Windows named pipes).
      return { kind: 'npipe', socketPath: rest.replace(/^\/+/, '\\\\').replace(/\//g, '\\'), address };
    case 'tcp':
    case 'http':
    case 'https': {
      const { host, port, path } = splitAuthority(address, rest);
      if (path && path !== '/') throw invalid(address, `a path after the host ("${path}") is not supported`);
      const secure = tls || scheme === 'https';
      return { kind: 'tcp', origin: `${secure ? 'https' : 'http'}://${host || DEFAULT_TCP_HOST}${port ? `:${port}` : ''}`, address };
    }
    case 'ssh':
      return parseSsh(address, rest);
    default:
      throw invalid(address, `unsupported scheme ${scheme}://; expected unix://, tcp://, ssh://, npipe:// or http(s)://`);
  }
}

/** ssh://[user@]host[:port][/socket]: no password, query or fragment, as the CLI's ssh helper requires. */
function parseSsh(address: string, rest: string): Endpoint {
  if (/[?#]/.test(rest)) throw invalid(address, 'ssh:// takes no query or fragment');
  const { userinfo, host, port, path } = splitAuthority(address, rest);
  if (userinfo?.includes(':')) throw invalid(address, 'a password in an ssh:// URL is not supported; use ssh keys or an agent');
  const hostname = host.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) throw invalid(address, 'no host name');
  const user = userinfo ? decodeURIComponent(userinfo) : undefined;
  return {
    kind: 'ssh',
    destination: user ? `${user}@${hostname}` : hostname,
    hostname,
    user,
    port: port ? Number(port) : undefined,
    socketPath: path && path !== '/' ? path : undefined,
    address,
  };
}

/** The ssh arguments that reach the engine, as the CLI runs them: `ssh -l user -p port -- host docker system dial-stdio`. */
export function sshCommand(endpoint: Extract<Endpoint, { kind: 'ssh' }>): string[] {
  return [
    ...(endpoint.user ? ['-l', endpoint.user] : []),
    ...(endpoint.port ? ['-p', String(endpoint.port)] : []),
    '--',
    endpoint.hostname,
    'docker',
    ...(endpoint.socketPath ? ['--host', `unix://${endpoint.socketPath}`] : []),
    'system',
    'dial-stdio',
  ];
}
