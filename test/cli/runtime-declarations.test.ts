// The runtime's published declarations, as scripts/build-runtime.js builds them: what a consumer's
// compiler loads from them. undici's own declarations (a second copy beside the undici-types of
// @types/node) made nearly half of what type-checking a program against a version package cost.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';

const run = promisify(execFile);

it("the runtime's declarations compile on their own and reach no undici declaration", async () => {
  await run(process.execPath, [path.join(repoRoot, 'scripts/build-runtime.js')]);
  const dist = path.join(repoRoot, 'runtime/dist');
  const program = ts.createProgram([path.join(dist, 'index.d.ts')], {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const files = program.getSourceFiles().map((file) => path.relative(repoRoot, file.fileName));
  // What the public classes need is there (the websocket and hijacked streams, the transport kinds) and Node's types load.
  expect(files).toEqual(expect.arrayContaining(['runtime/dist/websocket.d.ts', 'runtime/dist/transport.d.ts']));
  expect(files.some((file) => file.includes('node_modules/@types/node/'))).toBe(true);
  expect(files.filter((file) => /node_modules\/undici\//.test(file))).toEqual([]);
  // stripInternal leaves out what is marked @internal: nothing left may name it.
  const diagnostics = ts.getPreEmitDiagnostics(program);
  expect(
    ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => '\n' }),
  ).toBe('');
}, 120_000);
