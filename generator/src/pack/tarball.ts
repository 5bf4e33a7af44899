// What a tarball must hold before it may be published: its files (code, declarations, README,
// LICENSE, NOTICE, every export's and bin's target) and its metadata (license, repository, engines, a
// client package's exact runtime version). Returns the problems found, each naming the tarball.

/** One entry of `npm pack --json`'s answer. */
export interface PackResult {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

export interface PackageJson {
  name: string;
  version: string;
  license?: string;
  repository?: { url?: string };
  engines?: { node?: string };
  exports?: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  publishConfig?: { access?: string };
}

const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'NOTICE'];
const EXACT = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

function targets(manifest: PackageJson): string[] {
  return [...Object.values(manifest.exports ?? {}), ...Object.values(manifest.bin ?? {})]
    .flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)))
    .map((target) => target.replace(/^\.\//, ''));
}

/** A client package (`@dockerapi/v1.44`, `@dockerapi/v1.41-v1.51`): the one kind built on the runtime. */
const isClientPackage = (name: string) => /^@dockerapi\/v\d/.test(name);

export function checkTarball(result: PackResult, manifest: PackageJson, runtimeVersion: string): string[] {
  const files = new Set(result.files.map((f) => f.path));
  const problems: string[] = [];
  const problem = (text: string) => problems.push(`${result.filename}: ${text}`);
  for (const name of [...REQUIRED, ...targets(manifest)]) if (!files.has(name)) problem(`${name} is missing`);
  for (const name of files) if (name.endsWith('.map')) problem(`${name}: source maps point at sources the package does not ship`);
  if (manifest.license !== 'Apache-2.0') problem(`license is ${JSON.stringify(manifest.license)}, want "Apache-2.0"`);
  if (!manifest.repository?.url) problem('repository.url is missing');
  if (!manifest.engines?.node) problem('engines.node is missing');
  // A scoped package is published restricted unless it says otherwise.
  if (manifest.publishConfig?.access !== 'public') problem('publishConfig.access is not "public"');
  const runtime = manifest.dependencies?.['@dockerapi/runtime'];
  if (isClientPackage(manifest.name) && runtime !== runtimeVersion) {
    problem(`depends on @dockerapi/runtime ${JSON.stringify(runtime)}, want exactly ${runtimeVersion}`);
  }
  if (runtime !== undefined && !EXACT.test(runtime)) problem(`@dockerapi/runtime ${runtime} is not an exact version`);
  return problems;
}
