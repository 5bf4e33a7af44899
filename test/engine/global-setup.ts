// Gives the engine tests real services, started by the project's scripts and stopped again
// afterwards (by their PIDs) if this run started them:
// - Engine 28.5 (API 1.51), unless DOCKER_HOST names another engine; it also serves TLS on 127.0.0.1:2376;
// - Engine 20.10 (API 1.41), for version negotiation against an older engine; in the `engine-20`
//   project it is the `dockerHost`, so that the operation files run on it;
// - Engine 29.7 (API 1.40-1.55), built from source the first time (minutes); in the `engine-29`
//   project it is the `dockerHost` itself, so that the files of that project run on it;
// - a docker-registry with htpasswd auth on 127.0.0.1:5000 (reached from every engine);
// - an sshd on 127.0.0.1:2222 whose sessions reach Engine 28 (`docker system dial-stdio`).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { coverageDir } from './coverage/record.ts';

const run = promisify(execFile);
const scripts = path.resolve(import.meta.dirname, '../../scripts');

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string;
    testImage: string;
    oldEngineHost: string;
    engine29Host: string;
    tlsHost: string;
    tlsCertPath: string;
    registry: { address: string; user: string; password: string };
    ssh: { host: string; path: string };
  }
}

const parseEnv = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );

/** Starts a service with its script; returns its env lines and how to stop it if it was not running. */
async function service(script: string, args: string[], probe: string[]) {
  const wasRunning = await run(path.join(scripts, script), probe).then(
    () => true,
    () => false,
  );
  const { stdout } = await run(path.join(scripts, script), ['start', ...args], { maxBuffer: 16 * 1024 * 1024 });
  return { env: parseEnv(stdout), stop: () => (wasRunning ? undefined : run(path.join(scripts, script), ['stop', ...args])) };
}

export default async function setup(project: TestProject) {
  const stops: (() => unknown)[] = [];
  // Coverage records are this run's only: the check after the engine tests reads them all.
  await rm(coverageDir, { recursive: true, force: true });
  try {
    const old = await service('engine.sh', ['20'], ['env', '20']);
    stops.push(old.stop);
    project.provide('oldEngineHost', old.env.DOCKER_HOST);
    const newest = await service('engine.sh', ['29'], ['env', '29']);
    stops.push(newest.stop);
    project.provide('engine29Host', newest.env.DOCKER_HOST);
    const ownEngine: Record<string, typeof old> = { 'engine-29': newest, 'engine-20': old };
    const own = ownEngine[project.name];
    if (own) {
      // The TLS and ssh tests reach Engine 28 only; they are not in these projects.
      project.provide('dockerHost', own.env.DOCKER_HOST);
      project.provide('testImage', own.env.DOCKERAPI_TEST_IMAGE);
      project.provide('tlsHost', '');
      project.provide('tlsCertPath', '');
    } else if (process.env.DOCKER_HOST) {
      project.provide('dockerHost', process.env.DOCKER_HOST);
      project.provide('testImage', process.env.DOCKERAPI_TEST_IMAGE ?? 'dockerapi-test/busybox:latest');
      project.provide('tlsHost', process.env.DOCKERAPI_TLS_HOST ?? '');
      project.provide('tlsCertPath', process.env.DOCKERAPI_TLS_CERT_PATH ?? '');
    } else {
      const engine = await service('engine.sh', ['28'], ['env', '28']);
      stops.push(engine.stop);
      project.provide('dockerHost', engine.env.DOCKER_HOST);
      project.provide('testImage', engine.env.DOCKERAPI_TEST_IMAGE);
      project.provide('tlsHost', engine.env.DOCKERAPI_TLS_HOST);
      project.provide('tlsCertPath', engine.env.DOCKERAPI_TLS_CERT_PATH);
    }
    const registry = await service('registry.sh', [], ['status']);
    stops.push(registry.stop);
    project.provide('registry', {
      address: registry.env.DOCKERAPI_REGISTRY,
      user: registry.env.DOCKERAPI_REGISTRY_USER,
      password: registry.env.DOCKERAPI_REGISTRY_PASSWORD,
    });
    const sshd = await service('sshd.sh', [], ['status']);
    stops.push(sshd.stop);
    project.provide('ssh', { host: sshd.env.DOCKERAPI_SSH_HOST, path: sshd.env.DOCKERAPI_SSH_PATH });
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
