// The checks `dockerapi-gen pack` runs on each tarball before it counts as publishable.
import { expect, it } from 'vitest';
import { checkTarball, type PackageJson } from '../../generator/src/pack/tarball.ts';

const manifest: PackageJson = {
  name: '@dockerapi/v1.44',
  version: '0.1.0',
  license: 'Apache-2.0',
  repository: { url: 'git+https://example.invalid/dockerapi.git' },
  engines: { node: '>=20.19' },
  exports: { '.': { types: './index.d.ts', default: './index.js' } },
  dependencies: { '@dockerapi/runtime': '0.1.0' },
  publishConfig: { access: 'public' },
};
const files = ['package.json', 'README.md', 'LICENSE', 'NOTICE', 'index.js', 'index.d.ts'].map((path) => ({ path }));
const result = { name: manifest.name, version: '0.1.0', filename: 'dockerapi-v1.44-0.1.0.tgz', files };

it('accepts a complete package', () => {
  expect(checkTarball(result, manifest, '0.1.0')).toEqual([]);
});

it('names each missing file, source map and metadata problem', () => {
  const broken = { ...result, files: [...files.filter((f) => f.path !== 'NOTICE' && f.path !== 'index.d.ts'), { path: 'index.js.map' }] };
  const loose = {
    ...manifest,
    license: undefined,
    engines: {},
    publishConfig: undefined,
    dependencies: { '@dockerapi/runtime': '^0.1.0' },
  };
  expect(checkTarball(broken, loose, '0.1.0')).toEqual([
    'dockerapi-v1.44-0.1.0.tgz: NOTICE is missing',
    'dockerapi-v1.44-0.1.0.tgz: index.d.ts is missing',
    'dockerapi-v1.44-0.1.0.tgz: index.js.map: source maps point at sources the package does not ship',
    'dockerapi-v1.44-0.1.0.tgz: license is undefined, want "Apache-2.0"',
    'dockerapi-v1.44-0.1.0.tgz: engines.node is missing',
    'dockerapi-v1.44-0.1.0.tgz: publishConfig.access is not "public"',
    'dockerapi-v1.44-0.1.0.tgz: depends on @dockerapi/runtime "^0.1.0", want exactly 0.1.0',
    'dockerapi-v1.44-0.1.0.tgz: @dockerapi/runtime ^0.1.0 is not an exact version',
  ]);
});

it('checks the CLI package by its bin: no runtime needed, its program present', () => {
  const cli: PackageJson = {
    ...manifest,
    name: '@dockerapi/cli',
    exports: { './package.json': './package.json' },
    bin: { dockerapi: './dist/dockerapi.js' },
  };
  delete cli.dependencies;
  const tarball = { ...result, filename: 'dockerapi-cli-0.1.0.tgz', files: [...files, { path: 'dist/dockerapi.js' }] };
  expect(checkTarball(tarball, cli, '0.1.0')).toEqual([]);
  const without = { ...tarball, files: files };
  expect(checkTarball(without, cli, '0.1.0')).toEqual(['dockerapi-cli-0.1.0.tgz: dist/dockerapi.js is missing']);
  // a client package still needs the runtime
  expect(checkTarball(result, { ...manifest, dependencies: {} }, '0.1.0')).toEqual([
    'dockerapi-v1.44-0.1.0.tgz: depends on @dockerapi/runtime undefined, want exactly 0.1.0',
  ]);
});
