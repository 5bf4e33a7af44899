#!/usr/bin/env node
// dockerapi-gen: the command line over the pipeline; one module per command.
import path from 'node:path';
import { Command } from 'commander';
import { repoRoot, upstreamDir } from '../document/sources.js';
import { log, versionsOption } from './common.js';
import { defaultOut, generateCommand } from './generate.js';
import { diffCommand } from './diff.js';
import { specsAddCommand, specsSyncCommand } from './specs.js';
import { packCommand, packDefaults } from './pack.js';

const program = new Command('dockerapi-gen')
  .description('Generates typed Docker Engine API client packages from the pinned upstream specs.')
  .showHelpAfterError();

program
  .command('generate')
  .description('generate one package per API version and the range packages into generated/, and the API reports into api/')
  .option('--versions <range>', 'only these versions, e.g. 1.40..1.55 or 1.44', versionsOption)
  .option(
    '--range <low..high>',
    'also emit this range package (what every version from low to high has in common), besides those in specs/ranges.json; repeatable',
    (text: string, previous: string[] = []) => [...previous, text],
  )
  .option('--out <dir>', 'output folder', defaultOut)
  .option('--api <dir>', 'folder of the committed API reports (default: api/ when --out is the default)')
  .option('--check', 'regenerate into a temporary folder and fail if it differs from --out or the API reports')
  .option('--no-cache', 'rebuild every package even if its inputs did not change')
  .action(generateCommand);

program
  .command('diff')
  .description('the structural difference between two API versions, each change marked breaking or not')
  .argument('<from>', 'the older version, e.g. 1.41')
  .argument('<to>', 'the newer version, e.g. 1.51')
  .option('--format <format>', 'md, json or html', 'md')
  .action(diffCommand);

program
  .command('pack')
  .description('pack the runtime and the generated packages into installable tarballs, each checked for publishing')
  .option('--out <dir>', 'folder for the tarballs', packDefaults.out)
  .option('--generated <dir>', 'folder of the generated packages', packDefaults.generated)
  .option('--versions <range>', 'only these version packages (the runtime is always packed), e.g. 1.44', versionsOption)
  .option(
    '--range <low..high>',
    'only these range packages (with --versions: those versions and these ranges); repeatable',
    (text: string, previous: string[] = []) => [...previous, text],
  )
  .option('--publish-dry-run', 'also run `npm publish --dry-run --offline` on each tarball')
  .action(packCommand);

program
  .command('check')
  .description('the lowest API version and engine release each DockerClient call needs, and what a target lacks')
  .argument('[project]', 'a tsconfig file, or a folder (with a tsconfig.json, or of .ts files)', '.')
  .option('--api <version>', 'fail (exit 1) naming what this API version lacks, e.g. 1.41')
  .option('--engine <release>', 'fail (exit 1) naming what this Docker Engine release lacks, e.g. 20.10')
  .option('--format <format>', 'text, json or md', 'text')
  .option('--generated <dir>', 'folder of the generated packages whose version facts are used', defaultOut)
  // loaded only here: the type checker is heavy and the other commands never need it
  .action(async (project: string, options) => (await import('./check.js')).checkCommand(project, options));

const specs = program.command('specs').description('manage the pinned upstream specs');

specs
  .command('sync')
  .description(`copy the pinned files into ${path.relative(repoRoot, upstreamDir)}, verifying their sha256`)
  .option(
    '--from <dir>',
    'a mirror folder holding the files (default: download the pinned URLs, or use ../shared/docker-api-specs when present)',
  )
  .action(specsSyncCommand);

specs
  .command('add')
  .description('pin a new upstream API version, carry the open patches over to it, and print its review')
  .argument('<version>', 'the new API version, e.g. 1.57')
  .requiredOption('--spec <file|url>', 'its Swagger 2.0 document')
  .requiredOption('--history <file|url>', 'the API version history (version-history.md) that has its notes')
  .option('--engine <release>', 'the Docker Engine release that serves it (the version is then released)')
  .action(specsAddCommand);

program.parseAsync().catch((error: Error) => {
  log(`dockerapi-gen: ${error.message}`);
  process.exit(1);
});
