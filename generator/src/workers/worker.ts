// Worker thread body: does the work it is handed, one message per version or range.
import { parentPort } from 'node:worker_threads';
import { buildPackage, type Timings } from '../stages/index.js';
import type { Inputs } from '../stages/inputs.js';
import type { DocumentInputs } from '../document/document.js';
import { buildRangePackage } from '../range/build.js';
import type { RangeSource } from '../range/config.js';
import { listsOf, type VersionLists } from '../facts/index.js';
import type { SpecSource } from '../document/sources.js';
import { patchedSpec } from '../document/document.js';
import { share, type SharedDocument } from '../document/shared.js';

/**
 * One package to build, a version's (`source`) or a range's, with the inputs its cache key was made
 * from. `documents`: the documents (its own, or its members') already read from those inputs, by API
 * version; a document not there is parsed and patched anew.
 */
export type BuildJob = { key: string; inputs: Inputs; documents?: Record<string, SharedDocument> } & (
  | { source: SpecSource }
  | { range: RangeSource }
);

export type WorkRequest =
  | { kind: 'lists'; key: string; source: SpecSource; inputs: DocumentInputs }
  | { kind: 'build'; key: string; job: BuildJob };
export type WorkReply =
  | { ok: true; kind: 'lists'; key: string; lists: VersionLists; document: SharedDocument }
  // The model as JSON, as the cache keeps it: a string crosses to the main thread at the cost of a copy,
  // where the object graph (every operation and schema, twice) would be serialized and rebuilt.
  | { ok: true; kind: 'build'; key: string; files: [string, string][]; model: string; timings: Partial<Timings>; ms: number }
  | { ok: false; key: string; message: string };

async function work(request: WorkRequest): Promise<WorkReply> {
  const { key } = request;
  if (request.kind === 'lists') {
    const document = await patchedSpec(request.source, request.inputs);
    return { ok: true, kind: 'lists', key, document: share(document), lists: listsOf(request.source, document.doc) };
  }
  const { job } = request;
  const { inputs, documents = {} } = job;
  const started = performance.now();
  const timings: Partial<Timings> = {};
  const { files, model } =
    'range' in job
      ? await buildRangePackage(job.range, inputs, timings, documents)
      : await buildPackage(job.source, inputs, timings, documents[job.source.apiVersion]);
  return { ok: true, kind: 'build', key, files: [...files], model: JSON.stringify(model), timings, ms: performance.now() - started };
}

parentPort!.on('message', async (request: WorkRequest) => {
  try {
    parentPort!.postMessage(await work(request));
  } catch (error) {
    parentPort!.postMessage({ ok: false, key: request.key, message: (error as Error).message } satisfies WorkReply);
  }
});
