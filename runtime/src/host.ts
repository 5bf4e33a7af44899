// Where the engine listens, from a DOCKER_HOST-style address.

export type Endpoint =
  | { kind: 'unix'; socketPath: string; address: string }
  | { kind: 'tcp'; origin: string; address: string };

export const DEFAULT_HOST = 'unix:///var/run/docker.sock';

export function parseHost(address: string): Endpoint {
  const match = /^([a-z]+):\/\/(.*)$/.exec(address);
  if (!match) throw new TypeError(`invalid Docker host "${address}": expected unix:///path, tcp://host:port or http(s)://host:port`);
  const [, scheme, rest] = match;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw new TypeError(`invalid Docker host "${address}": the socket path must be absolute`);
      return { kind: 'unix', socketPath: rest, address };
    case 'tcp':
    case 'http':
      return { kind: 'tcp', origin: `http://${rest.replace(/\/+$/, '')}`, address };
    case 'https':
      return { kind: 'tcp', origin: `https://${rest.replace(/\/+$/, '')}`, address };
    default:
      throw new TypeError(`unsupported Docker host "${address}": scheme ${scheme}:// is not supported`);
  }
}
