// The check command itself, whatever it knows the versions from: the generated packages (this
// repository's `dockerapi-gen check`) or the facts the published CLI ships (`dockerapi check`).
import { findCallSites } from './analyze.js';
import { apiGoal, BadInputError, bodyKeysByOperation, engineGoal, type VersionKnowledge } from './knowledge.js';
import { openProject } from './project.js';
import { renderJson, renderMarkdown, renderText } from './render.js';
import { judge, type CheckReport } from './verdict.js';

export interface CheckOptions {
  api?: string;
  engine?: string;
  format: string;
}

const renderers: Record<string, (report: CheckReport) => string> = { text: renderText, md: renderMarkdown, json: renderJson };

/** Reads the options before anything heavy runs, so that bad input fails fast. */
export function checkOptions(options: CheckOptions) {
  const render = renderers[options.format];
  if (!render) throw new BadInputError(`--format ${options.format}: expected text, json or md`);
  if (options.api && options.engine) throw new BadInputError('--api and --engine: give one target, not both');
  return render;
}

/** Checks the program at `target`; the report on stdout. Exit codes: 0 fine, 1 the target lacks or refuses something. */
export function runCheck(target: string, options: CheckOptions, knowledge: VersionKnowledge): number {
  const render = checkOptions(options);
  const goal = options.engine
    ? engineGoal(options.engine, knowledge.releases)
    : options.api
      ? apiGoal(options.api, knowledge.releases)
      : undefined;
  if (goal && !knowledge.versions.includes(goal.api)) {
    const have = `have ${knowledge.versions[0]}..${knowledge.versions.at(-1)}`;
    throw new BadInputError(
      `${options.engine ? `--engine ${options.engine}` : `--api ${options.api}`}: no package for API ${goal.api} (${have})`,
    );
  }
  const project = openProject(target);
  const sites = findCallSites(project, { operations: bodyKeysByOperation(knowledge), base: process.cwd() });
  const report = judge(sites, knowledge, goal);
  process.stdout.write(render(report));
  return report.target?.lacking.length || report.target?.refused.length ? 1 : 0;
}

/** Runs a check, turning bad input into a message on stderr and exit code 2. */
export async function exitWith(command: string, check: () => Promise<number>, log: (line: string) => void) {
  try {
    process.exitCode = await check();
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    log(`${command}: ${error.message}`);
    process.exitCode = 2;
  }
}
