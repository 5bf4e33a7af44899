// Runs the per-version and per-range work on worker threads, one per core (DOCKERAPI_GEN_WORKERS
// overrides): each package is independent and the work (parse, validate, convert, type generation)
// is CPU-bound. One
// pool serves a whole run, so the workers start (and load the stages) once for the cross-version
// facts and the package builds.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BuildJob, WorkReply, WorkRequest } from './worker.js';
import type { ApiModel, Timings } from '../stages/index.js';
import { documentInputsFor, type DocumentInputs } from '../document/document.js';
import { upstreamDir, type SpecSource } from '../document/sources.js';
import type { VersionLists } from '../facts/index.js';
import type { SharedDocument } from '../document/shared.js';

export interface Built {
  files: Map<string, string>;
  model: ApiModel;
  /** The model as JSON (what the cache keeps of it). */
  modelJson: string;
  timings: Partial<Timings>;
  ms: number;
}

interface Task {
  request: WorkRequest;
  resolve: (reply: WorkReply & { ok: true }) => void;
  reject: (error: Error) => void;
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly size: number;

  constructor(size = Number(process.env.DOCKERAPI_GEN_WORKERS ?? os.availableParallelism())) {
    this.size = Math.max(1, size);
  }

  /** The patched document's endpoint and field lists of a version. */
  async lists(source: SpecSource, inputs: DocumentInputs): Promise<VersionLists> {
    return (await this.read(source, inputs)).lists;
  }

  /** A version's lists, and its document for the jobs that build from it (BuildJob's `documents`). */
  async read(source: SpecSource, inputs: DocumentInputs): Promise<{ lists: VersionLists; document: SharedDocument }> {
    const reply = await this.run({ kind: 'lists', key: source.apiVersion, source, inputs: documentInputsFor(inputs, source) });
    return reply.kind === 'lists' ? reply : unexpected(reply.kind);
  }

  /** A version's or a range's package files and API model, from the inputs the job carries. */
  async build(job: BuildJob): Promise<Built> {
    const reply = await this.run({ kind: 'build', key: job.key, job });
    if (reply.kind !== 'build') return unexpected(reply.kind);
    return { files: new Map(reply.files), model: JSON.parse(reply.model), modelJson: reply.model, timings: reply.timings, ms: reply.ms };
  }

  async close(): Promise<void> {
    const workers = this.all.splice(0);
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private run(request: WorkRequest): Promise<WorkReply & { ok: true }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  /** Workers start on first demand, so a run that reuses everything starts none. */
  private dispatch(): void {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.all.length < this.size ? this.start() : undefined);
      if (!worker) return;
      this.give(worker, this.queue.shift()!);
    }
  }

  private start(): Worker {
    // A JS entry that registers the TypeScript loader, as the CLI's own entry does.
    const worker = new Worker(new URL('../../bin/build-worker.js', import.meta.url));
    this.all.push(worker);
    return worker;
  }

  private give(worker: Worker, task: Task): void {
    const settle = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      this.idle.push(worker);
      this.dispatch();
    };
    const onMessage = (reply: WorkReply) => {
      settle();
      if (reply.ok) task.resolve(reply);
      else task.reject(new Error(reply.message));
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      task.reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(task.request);
  }
}

function unexpected(kind: string): never {
  throw new Error(`worker replied with ${kind} to a different request`);
}

/**
 * Biggest first: the work of a version grows with its spec (a range's with all its members'), and a
 * big one started last would leave the other cores idle at the end.
 */
export function largestFirst(jobs: BuildJob[]): BuildJob[] {
  const bytes = (source: SpecSource) => statSync(path.join(upstreamDir, source.file), { throwIfNoEntry: false })?.size ?? 0;
  const base = (job: BuildJob) => job.inputs.reconstruction.base;
  const sourceCost = (source: SpecSource, job: BuildJob) => bytes(source) + (source.format === 'markdown' ? bytes(base(job)) : 0);
  const cost = (job: BuildJob) =>
    'source' in job ? sourceCost(job.source, job) : job.range.members.reduce((sum, m) => sum + sourceCost(m, job), 0);
  const costs = new Map(jobs.map((job) => [job, cost(job)]));
  return [...jobs].sort((a, b) => costs.get(b)! - costs.get(a)!);
}

export async function buildAll(
  pool: WorkerPool,
  jobs: BuildJob[],
  onBuilt: (job: BuildJob, built: Built) => void,
): Promise<Map<string, Built>> {
  const results = new Map<string, Built>();
  await Promise.all(
    largestFirst(jobs).map(async (job) => {
      const built = await pool.build(job);
      results.set(job.key, built);
      onBuilt(job, built);
    }),
  );
  return results;
}
