// The recorded engine answers (specs/engine-answers, test/engine/coverage/normalise.ts) are committed:
// what is this machine's (the engine's state folder, its install folder in the checkout) and what
// changes every run (ids, digests, dates, sizes) must become the same placeholder wherever the
// tests ran, or a refresh would show drift that is only a path or an id.
import { describe, expect, it } from 'vitest';
import { normaliseAnswer } from '../engine/coverage/normalise.ts';

const id = 'a'.repeat(64);

describe('normaliseAnswer', () => {
  it.each([
    // Engine 29.7 is built into the checkout's .cache and names its docker-proxy there (Info of its firewall backend).
    { given: '/home/dev/dockerapi/.cache/engines/29/root/usr/bin/docker-proxy', want: '<engine-install>/usr/bin/docker-proxy' },
    { given: '/srv/ci/build 7/.cache/engines/29/root/usr/bin/docker-proxy', want: '<engine-install>/usr/bin/docker-proxy' },
    { given: '/home/dev/dockerapi/.cache/engines/28/root', want: '<engine-install>' },
    // An engine installed by a package names the system's path: nothing of this machine to hide.
    { given: '/usr/bin/docker-proxy', want: '/usr/bin/docker-proxy' },
    { given: '/home/dev/dockerapi/.cache/engines/29/rootfs', want: '/home/dev/dockerapi/.cache/engines/29/rootfs' },
    // The state folder scripts/engine.sh gives each engine, its data and exec roots.
    { given: `/tmp/dockerapi-29/data/containers/${id}/hostname`, want: '<engine-root>/containers/<id>/hostname' },
    { given: '/tmp/dockerapi-20/exec/containerd/containerd.sock', want: '<engine-root>/containerd/containerd.sock' },
    { given: `sha256:${id}`, want: 'sha256:<digest>' },
    { given: '2026-12-07T05:25:25.123456789Z', want: '2000-01-01T00:00:00Z' },
  ])('$given', ({ given, want }) => expect(normaliseAnswer(given)).toBe(want));

  it('gives the same answer wherever the checkout is', () => {
    const answer = (checkout: string) => ({
      FirewallBackend: { Driver: 'iptables', Info: [['UserlandProxyPath', `${checkout}/.cache/engines/29/root/usr/bin/docker-proxy`]] },
    });
    expect(normaliseAnswer(answer('/home/dev/dockerapi'))).toEqual(normaliseAnswer(answer('/var/lib/ci/checkout')));
    expect(normaliseAnswer(answer('/home/dev/dockerapi'))).toEqual({
      FirewallBackend: { Driver: 'iptables', Info: [['UserlandProxyPath', '<engine-install>/usr/bin/docker-proxy']] },
    });
  });

  it('zeroes sizes by their key, keeps two items of a list, and renames ids used as keys', () => {
    expect(normaliseAnswer({ Size: 1234, Containers: 3, Names: ['a', 'b', 'c'], Networks: { [id]: { Name: 'x' } } })).toEqual({
      Size: 0,
      Containers: 3,
      Names: ['a', 'b'],
      Networks: { '<id>': { Name: 'x' } },
    });
  });
});
