// `dockerapi-gen generate`: the whole pipeline for the chosen versions. Its jobs, in order: read the
// inputs, compute the cross-version facts, reuse or build each package, reuse or build the reports,
// write each package's README and CHANGES.md, write the output (and the API reports), or with --check
// compare instead.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiSpecs, readPinned, repoRoot, sha256, specsDir, upstreamDir, type SourceList, type SpecSource } from '../document/sources.js';
import { staleWarning } from '../document/patches.js';
import { readDocumentInputs, type DocumentInputs } from '../document/document.js';
import type { ApiModel } from '../stages/index.js';
import { inputsFor, readInputs, type Inputs } from '../stages/inputs.js';
import { crossVersionFacts, type Facts, type VersionLists } from '../facts/index.js';
import type { EndpointList } from '../facts/history.js';
import type { FieldList } from '../facts/fields.js';
import { buildReports, streamItemsOf } from '../reports/index.js';
import { diffName } from '../reports/render.js';
import { packageDocs } from '../package-readme.js';
import { compareVersions } from '../versions.js';
import { driftEntries, readAccepted } from '../drift/policy.js';
import { buildAll, WorkerPool } from '../workers/pool.js';
import { generatorHash, inputKey, specKey } from '../cache/keys.js';
import { readCached, writeCached } from '../cache/store.js';
import {
  compareOutputs,
  linkPackages,
  readManifest,
  readUnchanged,
  readUnchangedReports,
  writeOutput,
  type Group,
  type Manifest,
} from '../output/folder.js';
import { compareApiReports, writeApiReports } from '../output/api-reports.js';
import { removeStamp, stampKey, writeStamp } from '../output/stamp.js';
import type { VersionRange } from '../versions.js';
import { ensureSynced, log, selectSpecs } from './common.js';
import { isRangeKey, rangeKey, selectRanges, type RangeSource } from '../range/config.js';
import type { BuildJob } from '../workers/worker.js';
import { patchedOnly, type SharedDocument } from '../document/shared.js';

export const defaultOut = path.join(repoRoot, 'generated');
export const defaultApiDir = path.join(repoRoot, 'api');

interface GenerateOptions {
  versions?: VersionRange;
  /** Ranges to emit besides those in specs/ranges.json. */
  range?: string[];
  out: string;
  api?: string;
  check?: boolean;
  cache: boolean;
}

interface Run {
  list: SourceList;
  specs: SpecSource[];
  ranges: RangeSource[];
  inputs: Inputs;
  facts: Facts;
  generator: string;
  out: string;
  manifest?: Manifest;
  pool: WorkerPool;
  /** The documents read for the facts (not cached), by API version: the builds start from them. */
  documents: Map<string, SharedDocument>;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * A version's endpoint and field lists: from .cache/ when its document is unchanged, else parsed on
 * the pool, which also hands back the document (into `read`) for the builds that follow.
 */
async function versionLists(
  source: SpecSource,
  documents: DocumentInputs,
  generator: string,
  pool: WorkerPool,
  read: Map<string, SharedDocument>,
): Promise<VersionLists> {
  const key = specKey(source, documents, generator);
  const endpoints = await readCached<EndpointList>('endpoints', source.apiVersion, key);
  const fields = await readCached<FieldList>('fields', source.apiVersion, key);
  if (endpoints && fields) return { endpoints, fields };
  const { lists, document } = await pool.read(source, documents);
  read.set(source.apiVersion, document);
  await writeCached('endpoints', source.apiVersion, key, lists.endpoints);
  await writeCached('fields', source.apiVersion, key, lists.fields);
  return lists;
}

async function prepareRun(options: GenerateOptions, pool: WorkerPool): Promise<Run> {
  const list = await ensureSynced();
  const allSpecs = apiSpecs(list);
  const specs = selectSpecs(allSpecs, options.versions);
  const ranges = await selectRanges(allSpecs, options.range, undefined, options.versions);
  const documents = await readDocumentInputs(list);
  const generator = await generatorHash();
  const read = new Map<string, SharedDocument>();
  const facts = await crossVersionFacts(allSpecs, (source) => versionLists(source, documents, generator, pool, read));
  const inputs = await readInputs(documents, facts);
  const out = path.resolve(options.check ? await mkdtemp(path.join(os.tmpdir(), 'dockerapi-check-')) : options.out);
  const manifest = options.cache && !options.check ? await readManifest(out) : undefined;
  return { list, specs, ranges, inputs, facts, generator, out, manifest, pool, documents: read };
}

interface Packages {
  packages: Map<string, Group>;
  models: Map<string, ApiModel>;
  /** The range packages' models, keyed like their packages (`1.41-v1.51`): for the matrix only. */
  rangeModels: Map<string, ApiModel>;
  built: number;
}

/** Reuses each package whose input key is unchanged, builds the others on worker threads. */
async function collectPackages(run: Run): Promise<Packages> {
  const { inputs, generator, out, manifest } = run;
  const packages = new Map<string, Group>();
  const models = new Map<string, ApiModel>();
  const stale: SpecSource[] = [];
  const inputsOf = (spec: SpecSource) => inputsFor(inputs, spec, run.facts.endpoints.get(spec.apiVersion)!);
  // Hashing a version's inputs is not cheap, and the ranges ask for their members' keys again.
  const keys = new Map<string, string>();
  const keyOf = (spec: SpecSource) =>
    keys.get(spec.apiVersion) ?? keys.set(spec.apiVersion, inputKey(spec, inputsOf(spec), generator)).get(spec.apiVersion)!;
  // A range is built from its members alone: their keys are its key. Its model is not a version's: no report reads it.
  const rangeInputKey = (range: RangeSource) => sha256(JSON.stringify([rangeKey(range), ...range.members.map(keyOf)]));
  const rangeInputs = { ...inputs, answers: {} };
  const staleRanges: RangeSource[] = [];
  const rangeModels = new Map<string, ApiModel>();
  for (const range of run.ranges) {
    const key = rangeInputKey(range);
    const files = await readUnchanged(out, manifest, rangeKey(range), key);
    const model = files && (await readCached<ApiModel>('models', rangeKey(range), key));
    if (files && model) {
      packages.set(rangeKey(range), { inputKey: key, files });
      rangeModels.set(rangeKey(range), model);
    } else staleRanges.push(range);
  }
  for (const spec of run.specs) {
    const key = keyOf(spec);
    const files = await readUnchanged(out, manifest, spec.apiVersion, key);
    const model = files && (await readCached<ApiModel>('models', spec.apiVersion, key));
    if (files && model) {
      packages.set(spec.apiVersion, { inputKey: key, files });
      models.set(spec.apiVersion, model);
    } else stale.push(spec);
  }
  const documentsOf = (sources: SpecSource[], member: boolean) =>
    Object.fromEntries(
      sources.flatMap((s) => {
        const document = run.documents.get(s.apiVersion);
        return document ? [[s.apiVersion, member ? patchedOnly(document) : document]] : [];
      }),
    );
  const jobs: BuildJob[] = [
    ...staleRanges.map((range) => ({ key: rangeKey(range), range, inputs: rangeInputs, documents: documentsOf(range.members, true) })),
    ...stale.map((source) => ({ key: source.apiVersion, source, inputs: inputsOf(source), documents: documentsOf([source], false) })),
  ];
  const built = await buildAll(run.pool, jobs, (job, { ms, timings }) => {
    const stages = Object.entries(timings)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ');
    log(`v${job.key.padEnd(5)} ${String(Math.round(ms)).padStart(5)} ms  (${stages})`);
  });
  for (const range of staleRanges) {
    const { files, model, modelJson } = built.get(rangeKey(range))!;
    packages.set(rangeKey(range), { inputKey: rangeInputKey(range), files });
    rangeModels.set(rangeKey(range), model);
    await writeCached('models', rangeKey(range), rangeInputKey(range), model, modelJson);
  }
  for (const spec of stale) {
    const key = keyOf(spec);
    const { files, model, modelJson } = built.get(spec.apiVersion)!;
    packages.set(spec.apiVersion, { inputKey: key, files });
    models.set(spec.apiVersion, model);
    await writeCached('models', spec.apiVersion, key, model, modelJson);
  }
  return { packages, models, rangeModels, built: built.size };
}

/** A partial run (--versions) keeps the other versions and ranges already generated. */
async function keepOtherVersions(run: Run, { packages, models, rangeModels }: Packages) {
  for (const [version, entry] of Object.entries(run.manifest?.versions ?? {})) {
    if (packages.has(version)) continue;
    const files = await readUnchanged(run.out, run.manifest, version, entry.inputKey);
    const model = await readCached<ApiModel>('models', version, entry.inputKey);
    if (files) packages.set(version, { inputKey: entry.inputKey, files });
    if (model) (isRangeKey(version) ? rangeModels : models).set(version, model);
  }
}

/** The reports over every version at hand, reused when no package and not the change log changed. */
async function collectReports(run: Run, packages: Packages): Promise<{ group: Group; reused: boolean }> {
  const changelog = run.list.files.find((f) => f.kind === 'version-history')!;
  const keys = [...packages.packages].map(([v, p]) => [v, p.inputKey]).sort();
  const accepted = await readAccepted();
  const evidence = run.inputs.patches.map((p) => [p.id, p.evidence]);
  const inputKey = sha256(
    JSON.stringify([run.generator, changelog.sha256, run.list.engineReleases, run.facts.history, keys, accepted, evidence]),
  );
  const reused = await readUnchangedReports(run.out, run.manifest, inputKey);
  if (reused) return { group: { inputKey, files: reused }, reused: true };
  const t = performance.now();
  const { models, rangeModels } = packages;
  const versions = [...models.keys()];
  // The policy gate: a finding neither fixed nor accepted stops generation here, before any report.
  const drift = versions.some((v) => models.get(v)!.drift)
    ? driftEntries(models, run.inputs.patches, accepted, Object.keys(run.inputs.answers))
    : undefined;
  const files = buildReports({
    models,
    releases: run.list.engineReleases,
    changelog: (await readPinned(changelog)).toString('utf8'),
    history: run.facts.history,
    patches: run.inputs.patches,
    drift,
    rangeModels,
    streamItems: streamItemsOf(run.inputs.operationFacts),
  });
  log(`reports  ${String(Math.round(performance.now() - t)).padStart(5)} ms  (${files.size} files)`);
  return { group: { inputKey, files }, reused: false };
}

/**
 * Sets each package's README.md and CHANGES.md, which read the diff from the previous version in the
 * reports. Returns whether any of them changed (a reused package's may: its neighbour changed).
 */
function addPackageDocs(run: Run, { packages, models, rangeModels }: Packages, reports: Map<string, string>): boolean {
  const versions = [...packages.keys()].filter((v) => !isRangeKey(v)).sort(compareVersions);
  const context = { since: run.inputs.since, releases: run.list.engineReleases, repositoryUrl: run.inputs.repository };
  let changed = false;
  for (const [key, { files }] of packages) {
    const model = (isRangeKey(key) ? rangeModels : models).get(key);
    // A version kept from an earlier run whose model is no longer cached keeps its documents as they are.
    if (!model) continue;
    const previous = isRangeKey(key) ? undefined : versions[versions.indexOf(key) - 1];
    const name = previous && `diffs/${diffName(previous, key)}`;
    const [json, markdown] = name ? [reports.get(`${name}.json`), reports.get(`${name}.md`)] : [];
    if (name && (!json || !markdown)) throw new Error(`the reports have no ${name}.json and .md for v${key}'s CHANGES.md`);
    const changes = json && markdown ? { diff: JSON.parse(json), markdown } : undefined;
    for (const [file, text] of packageDocs(files, model, changes, context)) {
      if (files.get(file) !== text) changed = true;
      files.set(file, text);
    }
  }
  return changed;
}

/** --check: compares the fresh output in run.out with --out and the API reports; a difference sets a failing exit code. */
async function compareOutput(run: Run, options: GenerateOptions, apiDir: string | undefined, versions: string[]) {
  try {
    const differing = await compareOutputs(run.out, path.resolve(options.out));
    if (differing.length) {
      log(
        `generated output is out of date; ${differing.length} file(s) differ, e.g.:\n  ${differing.slice(0, 10).join('\n  ')}` +
          '\nrun `npm run generate`',
      );
      process.exitCode = 1;
    }
    const outdated = apiDir ? await compareApiReports(run.out, apiDir, versions) : [];
    for (const file of outdated) log(`${path.relative(process.cwd(), file)} does not match the generated API report`);
    if (outdated.length) {
      log(`run \`npm run generate\` and commit ${path.relative(process.cwd(), apiDir!) || apiDir}`);
      process.exitCode = 1;
    }
    if (!differing.length && !outdated.length) log('generated output is up to date');
  } finally {
    await rm(run.out, { recursive: true, force: true });
  }
}

export async function generateCommand(options: GenerateOptions) {
  const pool = new WorkerPool();
  try {
    await generate(options, pool);
  } finally {
    await pool.close();
  }
}

async function generate(options: GenerateOptions, pool: WorkerPool) {
  const started = performance.now();
  // Keyed before anything is read, so an input edited during the run leaves a stamp the next run
  // misses; removed first, so a run that fails leaves none.
  const out = path.resolve(options.out);
  const args = process.argv.slice(2);
  const key = options.check ? undefined : stampKey({ root: repoRoot, specs: specsDir, out, args, cwd: process.cwd() });
  if (!options.check) removeStamp(out);
  const run = await prepareRun(options, pool);
  const apiDir = options.api ? path.resolve(options.api) : path.resolve(options.out) === defaultOut ? defaultApiDir : undefined;
  const collected = await collectPackages(run);
  if (options.versions && !options.check) await keepOtherVersions(run, collected);
  const { packages } = collected;
  // Also from cached models: the warning stands until the patch is fixed or its range ended.
  const warnings = [...collected.models.values()].flatMap((model) => (model.stalePatches ?? []).map(staleWarning));
  for (const warning of warnings) log(warning);
  const reports = await collectReports(run, collected);
  const docsChanged = addPackageDocs(run, collected, reports.group.files);
  const upToDate =
    collected.built === 0 && reports.reused && !docsChanged && packages.size === Object.keys(run.manifest?.versions ?? {}).length;
  const unchanged = `all ${packages.size} packages and the reports up to date`;
  if (upToDate) log(unchanged);
  else {
    await writeOutput(run.out, packages, reports.group);
    log(`generated ${collected.built} of ${packages.size} packages into ${path.relative(process.cwd(), run.out) || run.out}`);
  }
  const versions = run.specs.map((s) => s.apiVersion);
  if (options.check) return compareOutput(run, options, apiDir, versions);
  const reportFiles = apiDir ? await writeApiReports(packages, apiDir, versions) : [];
  const links = run.out === defaultOut ? await linkPackages(path.join(repoRoot, 'node_modules'), run.out, [...packages.keys()]) : [];
  const synced = run.list.files.map((file) => path.join(upstreamDir, file.file));
  if (key) writeStamp(run.out, key, { files: [...reportFiles, ...links, ...synced], log: [...warnings, unchanged] });
  log(`done in ${seconds(started)}`);
}
