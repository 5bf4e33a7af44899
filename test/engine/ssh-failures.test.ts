// ssh that exits before it reads a byte (a closed port): each call fails with ssh's own words,
// the process survives, and the bridge leaves no temporary folder behind.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

describe('ssh that would have asked a question', () => {
  /** An `ssh` first on PATH that sees none of this machine's ssh set-up, with these options. */
  async function sshWith(options: string[]): Promise<string> {
    const dir = await mkdtemp(path.join(tmp, 'ssh-'));
    const script = ['#!/bin/sh', 'unset SSH_AUTH_SOCK', `exec /usr/bin/ssh -F /dev/null ${options.join(' ')} "$@"`, ''];
    await writeFile(path.join(dir, 'ssh'), script.join('\n'), { mode: 0o755 });
    return dir;
  }

  async function failure(sshDir: string): Promise<Error> {
    const savedPath = process.env.PATH;
    process.env.PATH = `${sshDir}:${savedPath}`;
    // The test sshd (scripts/sshd.sh) listens on 127.0.0.1:2222.
    const docker = new DockerClient({ host: 'ssh://nobody@127.0.0.1:2222', apiVersion: '1.51' });
    try {
      return await docker.systemPing().then(
        () => new Error('reached the engine'),
        (error: Error) => error,
      );
    } finally {
      process.env.PATH = savedPath;
      await docker.close();
    }
  }

  it('says ssh could not ask whether to trust an unknown host key', async () => {
    const known = path.join(tmp, 'known_hosts_empty');
    await writeFile(known, '');
    const error = await failure(await sshWith(['-o', `UserKnownHostsFile=${known}`, '-o', 'StrictHostKeyChecking=ask']));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /Host key verification failed\..*ssh would have asked whether to trust the host key of nobody@127\.0\.0\.1/s,
    );
    expect(error.message).toContain('BatchMode=yes');
  });

  it('says ssh could not ask for a password or passphrase', async () => {
    const known = path.join(tmp, 'known_hosts_new');
    const options = [
      '-o',
      `UserKnownHostsFile=${known}`,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'IdentityFile=/dev/null',
    ];
    const error = await failure(await sshWith(options));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/Permission denied.*ssh would have asked for a password or a key passphrase/s);
  });
});

describe('the ssh command', () => {
  it("runs with the CLI's options: its 30 s ConnectTimeout, no terminal, and never prompting", async () => {
    const dir = await mkdtemp(path.join(tmp, 'ssh-args-'));
    const script = ['#!/bin/sh', `printf '%s\\n' "$@" > ${dir}/args`, 'exit 255', ''];
    await writeFile(path.join(dir, 'ssh'), script.join('\n'), { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${dir}:${savedPath}`;
    const docker = new DockerClient({ host: 'ssh://me@box:2200', apiVersion: '1.51' });
    try {
      await expect(docker.systemPing()).rejects.toThrow(ConnectionError);
    } finally {
      process.env.PATH = savedPath;
      await docker.close();
    }
    const args = (await readFile(path.join(dir, 'args'), 'utf8')).trim().split('\n');
    expect(args).toEqual([
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=30',
      '-T',
      '-l',
      'me',
      '-p',
      '2200',
      '--',
      'box',
      'docker',
      'system',
      'dial-stdio',
    ]);
  });
});
