// `dockerapi-gen pack`: installable tarballs of the runtime, the CLI and every generated version package.
// Each package is copied to a staging folder (a version package as generated, README and CHANGES.md
// included) with the legal files, packed by `npm pack`, and each tarball's file list and metadata are
// checked before it counts as ready to publish.
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readSourceList, repoRoot } from '../document/sources.js';
import { compareVersions, formatRange, inRange, type VersionRange } from '../versions.js';
import { packageDir, readManifest } from '../output/folder.js';
import { stageCli } from '../pack/cli.js';
import { checkTarball, type PackageJson, type PackResult } from '../pack/tarball.js';
import { defaultOut } from './generate.js';
import { isRangeKey } from '../range/config.js';
import { log } from './common.js';

export const defaultPacks = path.join(repoRoot, 'packs');

interface PackOptions {
  out: string;
  generated: string;
  versions?: VersionRange;
  /** Range packages to pack (`1.41..1.51`); with --versions, only these ranges are packed. */
  range?: string[];
  publishDryRun?: boolean;
}

const run = promisify(execFile);

/** The legal files every package carries, from the repository root. */
const LEGAL = ['LICENSE', 'NOTICE'];

async function stageRuntime(staging: string): Promise<string> {
  const runtime = path.join(repoRoot, 'runtime');
  // Built here so that a tarball never holds a stale build of the sources.
  await run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(runtime, 'tsconfig.json')]);
  const dir = path.join(staging, 'runtime');
  await mkdir(dir, { recursive: true });
  for (const name of ['package.json', 'README.md']) await copyFile(path.join(runtime, name), path.join(dir, name));
  await cp(path.join(runtime, 'dist'), path.join(dir, 'dist'), { recursive: true });
  return dir;
}

async function stageVersion(staging: string, generated: string, version: string): Promise<string> {
  const dir = path.join(staging, packageDir(version));
  await cp(path.join(generated, packageDir(version)), dir, { recursive: true });
  return dir;
}

/** npm's own publish checks, without publishing or asking a registry. */
async function publishDryRun(tarballs: string[]) {
  for (const tarball of tarballs) {
    await run('npm', ['publish', '--dry-run', '--offline', tarball], { cwd: os.tmpdir() }).catch((error) => {
      throw new Error(`${path.basename(tarball)}: npm publish --dry-run failed: ${error.stderr || error.message}`);
    });
  }
}

export async function packCommand(options: PackOptions) {
  const generated = path.resolve(options.generated);
  const manifest = await readManifest(generated);
  if (!manifest) throw new Error(`${generated}: no generated packages (run \`npm run generate\` first)`);
  // Range packages (`1.41-v1.51`) have no previous version to diff with; --versions selects version packages.
  const all = Object.keys(manifest.versions)
    .filter((v) => !isRangeKey(v))
    .sort(compareVersions);
  const rangeKeys = Object.keys(manifest.versions).filter(isRangeKey).sort();
  const askedRanges = (options.range ?? []).map((text) => text.replace('..', '-v'));
  for (const key of askedRanges)
    if (!rangeKeys.includes(key)) throw new Error(`--range ${key.replace('-v', '..')}: no generated range package`);
  const chosenRanges = options.range ? askedRanges : options.versions ? [] : rangeKeys;
  const versions = [...(options.versions ? all.filter((v) => inRange(v, options.versions!)) : options.range ? [] : all), ...chosenRanges];
  if (!versions.length && options.versions)
    throw new Error(`--versions ${formatRange(options.versions)}: no generated package in that range`);
  const staging = await mkdtemp(path.join(os.tmpdir(), 'dockerapi-pack-'));
  try {
    const dirs = [await stageRuntime(staging), await stageCli(staging, generated, manifest)];
    for (const version of versions) dirs.push(await stageVersion(staging, generated, version));
    for (const dir of dirs) for (const name of LEGAL) await copyFile(path.join(repoRoot, name), path.join(dir, name));
    const out = path.resolve(options.out);
    await mkdir(out, { recursive: true });
    // One npm process for all packages; --ignore-scripts: the staged copies are already built.
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out, ...dirs], {
      cwd: staging,
      maxBuffer: 256 * 1024 * 1024,
    });
    const results = JSON.parse(stdout) as PackResult[];
    const runtimeVersion = JSON.parse(await readFile(path.join(repoRoot, 'runtime/package.json'), 'utf8')).version;
    const manifests: PackageJson[] = await Promise.all(
      dirs.map(async (dir) => JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'))),
    );
    const failed = results.flatMap((r, i) => checkTarball(r, manifests[i], runtimeVersion));
    for (const problem of failed) log(problem);
    if (failed.length) throw new Error(`${failed.length} problem(s) in the packed tarballs`);
    const tarballs = results.map((r) => path.join(out, r.filename));
    if (options.publishDryRun) await publishDryRun(tarballs);
    log(`packed ${results.length} packages into ${path.relative(process.cwd(), out) || out}, each checked`);
    process.stdout.write(`${tarballs.join('\n')}\n`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export const packDefaults = { out: defaultPacks, generated: defaultOut };
