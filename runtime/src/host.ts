// Where the engine listens, from a DOCKER_HOST-style address.

export type Endpoint =
  | { kind: 'unix'; socketPath: string; address: string }
  | { kind: 'npipe'; socketPath: string; address: string }
  | { kind: 'tcp'; origin: string; address: string }
  | { kind: 'ssh'; destination: string; port?: number; address: string };

export const DEFAULT_HOST = 'unix:///var/run/docker.sock';

/** `tls` turns tcp:// into https://, as DOCKER_TLS_VERIFY or a context's TLS material does. */
export function parseHost(address: string, tls = false): Endpoint {
  const match = /^([a-z]+):\/\/(.*)$/.exec(address);
  if (!match) throw new TypeError(`invalid Docker host "${address}": expected unix:///path, tcp://host:port, http(s)://host:port or ssh://user@host`);
  const [, scheme, rest] = match;
  const hostPort = rest.replace(/\/+$/, '');
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw new TypeError(`invalid Docker host "${address}": the socket path must be absolute`);
      return { kind: 'unix', socketPath: rest, address };
    case 'npipe':
      // npipe:////./pipe/docker_engine -> \\.\pipe\docker_engine (Windows named pipes).
      return { kind: 'npipe', socketPath: rest.replace(/^\/+/, '\\\\').replace(/\//g, '\\'), address };
    case 'tcp':
      return { kind: 'tcp', origin: `${tls ? 'https' : 'http'}://${hostPort}`, address };
    case 'http':
    case 'https':
      return { kind: 'tcp', origin: `${scheme}://${hostPort}`, address };
    case 'ssh': {
      const ssh = /^([^/:]+(?:@[^/:]+)?)(?::(\d+))?$/.exec(hostPort);
      if (!ssh) throw new TypeError(`invalid Docker host "${address}": expected ssh://[user@]host[:port]`);
      return { kind: 'ssh', destination: ssh[1], port: ssh[2] ? Number(ssh[2]) : undefined, address };
    }
    default:
      throw new TypeError(`unsupported Docker host "${address}": scheme ${scheme}:// is not supported`);
  }
}
