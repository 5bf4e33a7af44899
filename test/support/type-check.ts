// Compiling consumer programs against the generated packages, as a user's editor and tsc would:
// files written into test/types (so its tsconfig and the package links apply), removed after.
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { repoRoot } from '../../generator/src/document/sources.ts';

const run = promisify(execFile);
const dir = path.join(repoRoot, 'test/types');
const written: string[] = [];

/** Removes what `consumerFile` and `tsc` wrote; for `afterAll`. */
export const removeConsumerFiles = () => Promise.all(written.splice(0).map((file) => rm(file, { force: true })));

export async function consumerFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, `${name}.generated.ts`);
  await writeFile(file, text);
  written.push(file);
  return file;
}

/** tsc's output for one consumer file: empty when it compiles. */
export async function tsc(file: string): Promise<string> {
  const config = path.join(dir, `tsconfig.${path.basename(file, '.ts')}.json`);
  await writeFile(config, JSON.stringify({ extends: './tsconfig.json', include: [path.basename(file)] }));
  written.push(config);
  const result = await run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', config]).catch((e) => e);
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

export function languageService(file: string): ts.LanguageService {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  return ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
}

/** What an editor shows on hover over the first `word` of `text`. */
export const hover = (service: ts.LanguageService, file: string, text: string, word: string) =>
  ts.displayPartsToString(service.getQuickInfoAtPosition(file, text.indexOf(word))?.displayParts);

/** The JSDoc tags an editor shows on hover over the first `word` of `text`, as `name text`. */
export const hoverTags = (service: ts.LanguageService, file: string, text: string, word: string) =>
  (service.getQuickInfoAtPosition(file, text.indexOf(word))?.tags ?? []).map((t) => `${t.name} ${ts.displayPartsToString(t.text)}`.trim());

/** Each error of a file as `line: message` (lines from 1), its message chain flattened. */
export function errorsByLine(service: ts.LanguageService, file: string): string[] {
  const source = service.getProgram()!.getSourceFile(file)!;
  return service.getSemanticDiagnostics(file).map((d) => {
    const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    return `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
