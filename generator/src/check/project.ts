// Which program to check: a tsconfig, a folder with one, or a folder of .ts files checked with the
// repository's own compiler options (module resolution that finds `@dockerapi/*` packages).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { BadInputError } from './knowledge.js';

const folderOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  allowImportingTsExtensions: true,
  noEmit: true,
};

export function openProject(target: string): Project {
  const resolved = path.resolve(target);
  if (!existsSync(resolved)) throw new BadInputError(`${target}: no such file or folder`);
  const isFolder = statSync(resolved).isDirectory();
  const tsconfig = isFolder ? path.join(resolved, 'tsconfig.json') : resolved;
  if (!isFolder && !resolved.endsWith('.json')) throw new BadInputError(`${target}: expected a tsconfig file or a folder`);
  if (existsSync(tsconfig)) {
    try {
      return new Project({ tsConfigFilePath: tsconfig });
    } catch (error) {
      throw new BadInputError(`${target}: cannot read ${path.basename(tsconfig)}: ${(error as Error).message}`);
    }
  }
  const project = new Project({ compilerOptions: folderOptions });
  project.addSourceFilesAtPaths([`${resolved}/**/*.{ts,mts,cts,tsx}`, `!${resolved}/**/node_modules/**`, `!${resolved}/**/*.d.ts`]);
  if (!project.getSourceFiles().length) throw new BadInputError(`${target}: no TypeScript files in this folder`);
  return project;
}
