import { defineConfig } from 'vitest/config';

// Two projects so unit tests run without an engine: `vitest run --project unit`.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/{generator,runtime,cli,types,reports}/**/*.test.ts'], testTimeout: 120_000 } },
      {
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts'],
          globalSetup: ['test/engine/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
