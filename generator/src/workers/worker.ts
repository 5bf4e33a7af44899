// Worker thread body: does the work it is handed, one message per version or range.
import { parentPort } from 'node:worker_threads';
import { buildPackage, type ApiModel, type Timings } from '../stages/index.js';
import type { Inputs } from '../stages/inputs.js';
import type { DocumentInputs } from '../document/document.js';
import { buildRangePackage } from '../range/build.js';
import type { RangeSource } from '../range/config.js';
import { versionListsOf, type VersionLists } from '../facts/index.js';
import type { SpecSource } from '../document/sources.js';

/** One package to build, a version's (`source`) or a range's, with the inputs its cache key was made from. */
export type BuildJob = { key: string; inputs: Inputs } & ({ source: SpecSource } | { range: RangeSource });

export type WorkRequest =
  | { kind: 'lists'; key: string; source: SpecSource; inputs: DocumentInputs }
  | { kind: 'build'; key: string; job: BuildJob };
export type WorkReply =
  | { ok: true; kind: 'lists'; key: string; lists: VersionLists }
  | { ok: true; kind: 'build'; key: string; files: [string, string][]; model: ApiModel; timings: Partial<Timings>; ms: number }
  | { ok: false; key: string; message: string };

async function work(request: WorkRequest): Promise<WorkReply> {
  const { key } = request;
  if (request.kind === 'lists') return { ok: true, kind: 'lists', key, lists: await versionListsOf(request.source, request.inputs) };
  const { job } = request;
  const { inputs } = job;
  const started = performance.now();
  const timings: Partial<Timings> = {};
  const { files, model } =
    'range' in job ? await buildRangePackage(job.range, inputs, timings) : await buildPackage(job.source, inputs, timings);
  return { ok: true, kind: 'build', key, files: [...files], model, timings, ms: performance.now() - started };
}

parentPort!.on('message', async (request: WorkRequest) => {
  try {
    parentPort!.postMessage(await work(request));
  } catch (error) {
    parentPort!.postMessage({ ok: false, key: request.key, message: (error as Error).message } satisfies WorkReply);
  }
});
