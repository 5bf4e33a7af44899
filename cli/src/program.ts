#!/usr/bin/env node
// dockerapi: the commands a project using the packages runs, `check` and `diff`, over the version
// facts and API models this package ships (data/), so neither needs this repository or a generate.
// `dockerapi-gen pack` bundles this file and its imports into dist/dockerapi.js and writes data/.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { BadInputError, knowledgeFromJson, type KnowledgeJson } from '../../generator/src/check/knowledge.js';
import type { ApiModel } from '../../generator/src/stages/index.js';
import type { SpecPatch } from '../../generator/src/document/patches.js';
import { diffRenderers, diffVersions } from '../../generator/src/reports/diff-data.js';

const data = new URL('../data/', import.meta.url);
const readData = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, data), 'utf8')) as T;
const log = (line: string) => process.stderr.write(`${line}\n`);

const program = new Command('dockerapi')
  .description('Which Docker Engine API version a program needs, and what changed between two versions.')
  .version(readData<{ version: string }>('../package.json').version)
  .showHelpAfterError();

program
  .command('check')
  .description('the lowest API version and engine release each DockerClient call needs, and what a target lacks or refuses')
  .argument('[project]', 'a tsconfig file, or a folder (with a tsconfig.json, or of .ts files)', '.')
  .option('--api <version>', 'fail (exit 1) naming what this API version lacks, e.g. 1.41')
  .option('--engine <release>', 'fail (exit 1) naming what this Docker Engine release lacks or refuses, e.g. 29.0')
  .option('--format <format>', 'text, json or md', 'text')
  .action(async (project: string, options) => {
    // loaded only here: the type checker is heavy and diff never needs it
    const { checkOptions, exitWith, runCheck } = await import('../../generator/src/check/command.js');
    await exitWith(
      'dockerapi check',
      async () => {
        checkOptions(options);
        return runCheck(project, options, knowledgeFromJson(readData<KnowledgeJson>('facts.json')));
      },
      log,
    );
  });

program
  .command('diff')
  .description('the structural difference between two API versions, each change marked breaking or not')
  .argument('<from>', 'the older version, e.g. 1.41')
  .argument('<to>', 'the newer version, e.g. 1.51')
  .option('--format <format>', 'md, json or html', 'md')
  .action((from: string, to: string, options: { format: string }) => {
    const render = diffRenderers[options.format];
    const { versions } = readData<KnowledgeJson>('facts.json');
    const unknown = [from, to].find((v) => !versions.includes(v.replace(/^v/, '')));
    if (!render) throw new BadInputError(`--format ${options.format}: expected md, json or html`);
    if (unknown) throw new BadInputError(`no API version "${unknown}" (have ${versions[0]}..${versions.at(-1)})`);
    const [a, b] = [from, to].map((v) => v.replace(/^v/, ''));
    const model = (version: string) => readData<ApiModel>(`models/v${version}.json`);
    process.stdout.write(render(diffVersions(a, model(a), b, model(b), readData<SpecPatch[]>('patches.json'))));
  });

program.parseAsync().catch((error: Error) => {
  log(`dockerapi: ${error.message}`);
  process.exit(error instanceof BadInputError ? 2 : 1);
});
