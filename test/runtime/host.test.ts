import { describe, expect, it } from 'vitest';
import { parseHost } from '@dockerapi/runtime';

describe('parseHost', () => {
  it.each([
    { given: 'unix:///var/run/docker.sock', want: { kind: 'unix', socketPath: '/var/run/docker.sock', address: 'unix:///var/run/docker.sock' } },
    { given: 'tcp://127.0.0.1:2375', want: { kind: 'tcp', origin: 'http://127.0.0.1:2375', address: 'tcp://127.0.0.1:2375' } },
    { given: 'https://docker.example:2376/', want: { kind: 'tcp', origin: 'https://docker.example:2376', address: 'https://docker.example:2376/' } },
    { given: 'npipe:////./pipe/docker_engine', want: { kind: 'npipe', socketPath: '\\\\.\\pipe\\docker_engine', address: 'npipe:////./pipe/docker_engine' } },
    { given: 'ssh://me@build-box:2222', want: { kind: 'ssh', destination: 'me@build-box', port: 2222, address: 'ssh://me@build-box:2222' } },
    { given: 'ssh://build-box', want: { kind: 'ssh', destination: 'build-box', port: undefined, address: 'ssh://build-box' } },
  ])('$given', ({ given, want }) => expect(parseHost(given)).toEqual(want));

  it.each([
    { given: 'localhost:2375', want: 'invalid Docker host "localhost:2375"' },
    { given: 'unix://relative.sock', want: 'the socket path must be absolute' },
    { given: 'gopher://x', want: 'scheme gopher:// is not supported' },
  ])('rejects $given', ({ given, want }) => expect(() => parseHost(given)).toThrow(want));
});
