// Gives the engine tests a real Docker engine: the one DOCKER_HOST names, or Engine 28.5 started
// by scripts/engine.sh (and stopped again afterwards, by its PID, if this run started it).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '../../scripts/engine.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string;
    testImage: string;
  }
}

const parseEnv = (text: string) => Object.fromEntries(text.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));

export default async function setup(project: TestProject) {
  if (process.env.DOCKER_HOST) {
    project.provide('dockerHost', process.env.DOCKER_HOST);
    project.provide('testImage', process.env.DOCKERAPI_TEST_IMAGE ?? 'dockerapi-test/busybox:latest');
    return undefined;
  }
  const wasRunning = await run(script, ['env', '28']).then(() => true, () => false);
  const { stdout } = await run(script, ['start', '28'], { maxBuffer: 16 * 1024 * 1024 });
  const env = parseEnv(stdout);
  project.provide('dockerHost', env.DOCKER_HOST);
  project.provide('testImage', env.DOCKERAPI_TEST_IMAGE);
  return async () => {
    if (!wasRunning) await run(script, ['stop', '28']);
  };
}
