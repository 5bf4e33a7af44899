// ssh that exits before it reads a byte (a closed port): each call fails with ssh's own words,
// the process survives, and the bridge leaves no temporary folder behind.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, DockerClient } from '@dockerapi/v1.51';

let tmp: string;
const savedTmp = process.env.TMPDIR;
beforeAll(async () => {
  // The bridge's folder goes to os.tmpdir(): a private one, so other test files' folders do not count.
  tmp = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-mods-ssh-'));
  process.env.TMPDIR = tmp;
});
afterAll(async () => {
  process.env.TMPDIR = savedTmp;
  await rm(tmp, { recursive: true, force: true });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ssh:// to a closed port', () => {
  it("fails each of 20 calls with a ConnectionError in ssh's words, and close() removes the bridge folder", async () => {
    const port = await closedPort();
    const docker = new DockerClient({ host: `ssh://nobody@127.0.0.1:${port}`, apiVersion: '1.51' });
    // The bridge is made on the first call, not before: a client that is never used leaves nothing behind.
    expect(await readdir(tmp)).toEqual([]);
    const failure = () =>
      docker.systemInfo().then(
        () => undefined,
        (error: unknown) => error,
      );
    const errors: unknown[] = [];
    for (let i = 0; i < 20; i++) errors.push(await failure());
    // And some at once: each one still learns why its own ssh failed.
    errors.push(...(await Promise.all(Array.from({ length: 5 }, failure))));
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectionError);
      const words = new RegExp(`ssh nobody@127\\.0\\.0\\.1 exited with 255: .*port ${port}: Connection refused`);
      expect((error as Error).message).toMatch(words);
      expect(error).toMatchObject({ method: 'GET', path: '/v1.51/info' });
    }
    expect(await readdir(tmp)).toHaveLength(1);
    await docker.close();
    expect(await readdir(tmp)).toEqual([]);
  });
});
