// Every example is a real program: each runs here against the real engine, as a user would run it.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DockerClient } from '@dockerapi/v1.51';
import { repoRoot } from '../../generator/src/document/sources.ts';

const host = inject('dockerHost');
const image = inject('testImage');
const registry = inject('registry');
const docker = new DockerClient({ host });
let config: string;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-examples-'));
  // The pull example reads credentials from config.json, as the CLI would.
  config = path.join(work, 'docker-config');
  await mkdir(config);
  const auth = Buffer.from(`${registry.user}:${registry.password}`).toString('base64');
  await writeFile(path.join(config, 'config.json'), JSON.stringify({ auths: { [registry.address]: { auth } } }));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await docker.close();
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function example(name: string, args: string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'examples', `${name}.ts`), ...args], {
      cwd: repoRoot,
      env: { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: config },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

async function startContainer(cmd: string[]) {
  const { Id } = await docker.containerCreate({ body: { Image: image, Cmd: cmd, Labels: { 'dockerapi.example': '1' } } });
  await docker.containerStart({ id: Id });
  return Id;
}

describe('examples', () => {
  it("run: prints the output and exits with the container's code, removing it with --rm", async () => {
    const result = await example('run', ['--rm', image, 'sh', '-c', 'echo from-run; echo to-stderr >&2; exit 3']);
    expect(result).toMatchObject({ code: 3, stdout: 'from-run\n', stderr: 'to-stderr\n' });
    expect(await docker.containerList({ all: true, filters: { ancestor: [image], status: ['exited'] } })).not.toContainEqual(
      expect.objectContaining({ Command: expect.stringContaining('from-run') }),
    );
  });

  it('ps: lists the running container by name', async () => {
    const id = await startContainer(['sleep', '30']);
    try {
      const name = (await docker.containerInspect({ id })).Name!.slice(1);
      const result = await example('ps', []);
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+STATUS\s+NAMES$/);
      expect(result.stdout).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+${image.replace(/[/.]/g, '\\$&')}\\s+Up .*${name}$`, 'm'));
    } finally {
      await docker.containerDelete({ id, force: true });
    }
  });

  it('logs --follow: streams stdout and stderr apart until the container exits', async () => {
    const id = await startContainer(['sh', '-c', 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.2; done']);
    try {
      const result = await example('logs', ['--follow', id]);
      expect(result).toMatchObject({ code: 0, stdout: 'out1\nout2\nout3\n', stderr: 'err1\nerr2\nerr3\n' });
    } finally {
      await docker.containerDelete({ id, force: true });
    }
  });

  it('exec: sends stdin to the command and exits with its code', async () => {
    const id = await startContainer(['sleep', '30']);
    try {
      const result = await example('exec', [id, 'sh', '-c', 'tr a-z A-Z; exit 6'], 'interactive input\n');
      expect(result).toMatchObject({ code: 6, stdout: 'INTERACTIVE INPUT\n' });
    } finally {
      await docker.containerDelete({ id, force: true });
    }
  });

  it('events: prints what happens, between --since and --until', async () => {
    const since = String(Math.floor(Date.now() / 1000) - 1);
    const id = await startContainer(['true']);
    await docker.containerWait({ id });
    await docker.containerDelete({ id });
    const until = String(Math.floor(Date.now() / 1000) + 1);
    const result = await example('events', ['--since', since, '--until', until, '--filter', `container=${id}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/container create /);
    expect(result.stdout).toMatch(/container start /);
    expect(result.stdout).toMatch(/container destroy /);
  });

  it("build: builds a folder, printing the output; fails with the engine's message", async () => {
    const dir = path.join(work, 'build');
    await mkdir(dir);
    await writeFile(path.join(dir, 'Dockerfile'), `FROM ${image}\nRUN echo building-now\n`);
    const ok = await example('build', ['-t', 'dockerapi-test/example-build:latest', dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('building-now');
    expect(ok.stdout).toContain('Successfully tagged dockerapi-test/example-build:latest');
    await writeFile(path.join(dir, 'Dockerfile'), `FROM ${image}\nRUN exit 9\n`);
    const failed = await example('build', [dir]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/build failed: .*non-zero code: 9/);
  });

  it('cp: copies a file into a container and back out', async () => {
    const id = await startContainer(['sleep', '30']);
    try {
      const file = path.join(work, 'note.txt');
      await writeFile(file, 'copied both ways\n');
      expect((await example('cp', [file, `${id}:/`])).code).toBe(0);
      const out = path.join(work, 'out');
      const back = await example('cp', [`${id}:/note.txt`, out]);
      expect(back.stdout).toContain('copied note.txt (17 bytes)');
      expect(await readFile(path.join(out, 'note.txt'), 'utf8')).toBe('copied both ways\n');
    } finally {
      await docker.containerDelete({ id, force: true });
    }
  });

  it('pull: draws a progress bar and pulls from an authenticated registry, passing --platform on', async () => {
    const tagged = `${registry.address}/dockerapi/example:${process.pid}`;
    const pusher = new DockerClient({
      host,
      credentials: { [registry.address]: { username: registry.user, password: registry.password } },
    });
    await pusher.imageTag({ name: image, repo: `${registry.address}/dockerapi/example`, tag: String(process.pid) });
    await pusher.push(tagged);
    await pusher.imageDelete({ name: tagged });
    await pusher.close();
    const result = await example('pull', [tagged]);
    expect(result).toMatchObject({ code: 0, stdout: `pulled ${tagged}\n` });
    expect(result.stderr).toMatch(/\[[#.]{30}\] [\d.]+\/[\d.]+ MB/);
    expect((await docker.imageInspect({ name: tagged })).RepoTags).toContain(tagged);
    // --platform reaches the engine, which names the one it refuses
    const refused = await example('pull', ['--platform', 'no such/platform!', tagged]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^pull failed: .*"no such\/platform!"/m);
  });
});
