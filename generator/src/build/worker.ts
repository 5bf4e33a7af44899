// Worker thread body: builds the packages it is handed, one message per version or range.
import { parentPort } from 'node:worker_threads';
import { buildPackage, type ApiModel, type Inputs, type Timings } from '../stages/index.js';
import { buildRangePackage } from '../range/build.js';
import type { RangeSource } from '../range/config.js';
import type { SpecSource } from '../sources.js';

/** One package to build: a version's (`source`) or a range's. */
export type BuildJob = { key: string; source: SpecSource } | { key: string; range: RangeSource };

export interface BuildRequest {
  job: BuildJob;
  inputs: Inputs;
}
export type BuildReply =
  | { ok: true; key: string; files: [string, string][]; model: ApiModel; timings: Partial<Timings> }
  | { ok: false; key: string; message: string };

parentPort!.on('message', async ({ job, inputs }: BuildRequest) => {
  try {
    const timings: Partial<Timings> = {};
    const { files, model } =
      'range' in job ? await buildRangePackage(job.range, inputs, timings) : await buildPackage(job.source, inputs, timings);
    parentPort!.postMessage({ ok: true, key: job.key, files: [...files], model, timings } satisfies BuildReply);
  } catch (error) {
    parentPort!.postMessage({ ok: false, key: job.key, message: (error as Error).message } satisfies BuildReply);
  }
});
