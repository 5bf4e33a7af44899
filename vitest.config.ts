import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects so unit tests run without an engine: `vitest run --project unit`. A last one, in a later
// group, checks once all engine tests are done that they covered every operation.
export default defineConfig({
  // Tests run on the runtime's source, never a stale build; the generated packages they import get it
  // too (they live outside node_modules, so vitest transforms them): one copy of each error class.
  // Each project takes it with `extends: true`.
  resolve: { alias: [{ find: /^@dockerapi\/runtime$/, replacement: fileURLToPath(new URL('runtime/src/index.ts', import.meta.url)) }] },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/{generator,runtime,cli,types,reports}/**/*.test.ts'], testTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts', 'test/consumer/**/*.test.ts'],
          globalSetup: ['test/engine/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      // The files that hold for any engine once more on Engine 29.7 (its global setup makes it the
      // `dockerHost`): every operation at v1.55, every package it serves, the examples, a consumer.
      {
        extends: true,
        test: {
          name: 'engine-29',
          include: [
            'test/engine/ops/{containers,images,networks,plugins,swarm,system,volumes}.test.ts',
            'test/engine/{packages,examples,streams,call-path}.test.ts',
            'test/consumer/**/*.test.ts',
          ],
          globalSetup: ['test/engine/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      // The operation files once more on Engine 20.10 (its global setup makes it the `dockerHost`): every
      // operation at v1.41. Its swarm operations run in swarm-leave.test.ts, which owns that engine's swarm.
      {
        extends: true,
        test: {
          name: 'engine-20',
          include: [
            'test/engine/ops/{containers,images,networks,plugins,system,volumes}.test.ts',
            'test/engine/{streams,call-path}.test.ts',
          ],
          globalSetup: ['test/engine/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      // The transport-facing tests once more on undici: the default moves to it in programs that make
      // many calls, so both HTTP clients must behave alike (`transport` option, DOCKERAPI_TRANSPORT).
      {
        extends: true,
        test: {
          name: 'unit-undici',
          include: ['test/runtime/{client-core,fake-server,lifecycle,lifecycle-matrix,connection-failures}.test.ts'],
          env: { DOCKERAPI_TRANSPORT: 'undici' },
        },
      },
      {
        extends: true,
        test: {
          name: 'engine-undici',
          include: ['test/engine/{call-path,connection,connection-parity,lifecycle,streams,registry,ssh-failures}.test.ts'],
          env: { DOCKERAPI_TRANSPORT: 'undici' },
          globalSetup: ['test/engine/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      { test: { name: 'engine-coverage', include: ['test/engine/coverage/*.check.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
