// Worker thread body: does the per-version work it is handed, one message per version.
import { parentPort } from 'node:worker_threads';
import { buildPackage, type ApiModel, type Inputs, type Timings } from '../stages/index.js';
import { versionListsOf, type VersionLists } from '../facts/index.js';
import type { SpecSource } from '../sources.js';

export interface WorkRequest {
  kind: 'lists' | 'build';
  source: SpecSource;
  inputs: Inputs;
}
export type WorkReply =
  | { ok: true; kind: 'lists'; version: string; lists: VersionLists }
  | { ok: true; kind: 'build'; version: string; files: [string, string][]; model: ApiModel; timings: Partial<Timings>; ms: number }
  | { ok: false; version: string; message: string };

async function work({ kind, source, inputs }: WorkRequest): Promise<WorkReply> {
  if (kind === 'lists') return { ok: true, kind, version: source.apiVersion, lists: await versionListsOf(source, inputs) };
  const started = performance.now();
  const timings: Partial<Timings> = {};
  const { files, model } = await buildPackage(source, inputs, timings);
  return { ok: true, kind, version: source.apiVersion, files: [...files], model, timings, ms: performance.now() - started };
}

parentPort!.on('message', async (request: WorkRequest) => {
  try {
    parentPort!.postMessage(await work(request));
  } catch (error) {
    parentPort!.postMessage({ ok: false, version: request.source.apiVersion, message: (error as Error).message } satisfies WorkReply);
  }
});
