// Builds version and range packages on worker threads, one per core (DOCKERAPI_GEN_WORKERS overrides):
// each package is independent and the work (validate, convert, type generation) is CPU-bound.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BuildJob, BuildReply } from './worker.js';
import { inputsFor, type ApiModel, type Inputs, type Timings } from '../stages/index.js';

export interface Built {
  files: Map<string, string>;
  model: ApiModel;
  timings: Partial<Timings>;
  ms: number;
}

export async function buildAll(
  jobs: BuildJob[],
  inputs: Inputs,
  onBuilt: (job: BuildJob, built: Built) => void,
): Promise<Map<string, Built>> {
  const results = new Map<string, Built>();
  if (!jobs.length) return results;
  const queue = [...jobs];
  const count = Math.max(1, Math.min(Number(process.env.DOCKERAPI_GEN_WORKERS ?? os.availableParallelism()), queue.length));
  // A JS entry that registers the TypeScript loader, as the CLI's own entry does.
  const workerUrl = new URL('../../bin/build-worker.js', import.meta.url);
  const workers = Array.from({ length: count }, () => new Worker(workerUrl));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let started = 0;
            let current: BuildJob | undefined;
            const next = () => {
              current = queue.shift();
              if (!current) return resolve();
              started = performance.now();
              // A version's job carries only its own recorded answers; ranges use none.
              worker.postMessage({ job: current, inputs: inputsFor(inputs, 'source' in current ? current.source.apiVersion : '') });
            };
            worker.on('message', (reply: BuildReply) => {
              if (!reply.ok) return reject(new Error(reply.message));
              const built = { files: new Map(reply.files), model: reply.model, timings: reply.timings, ms: performance.now() - started };
              results.set(reply.key, built);
              onBuilt(current!, built);
              next();
            });
            worker.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
