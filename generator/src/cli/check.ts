// `dockerapi-gen check [tsconfig or folder]`: which API version and engine release a program's
// DockerClient calls need; with a target, what that target lacks (exit 1), for CI.
import path from 'node:path';
import { findCallSites } from '../check/analyze.js';
import { apiGoal, BadInputError, bodyKeysByOperation, engineGoal, loadKnowledge } from '../check/knowledge.js';
import { openProject } from '../check/project.js';
import { renderJson, renderMarkdown, renderText } from '../check/render.js';
import { judge, type CheckReport } from '../check/verdict.js';
import { readSourceList } from '../sources.js';
import { log } from './common.js';
import { defaultOut } from './generate.js';

export interface CheckOptions {
  api?: string;
  engine?: string;
  format: string;
  generated?: string;
}

const renderers: Record<string, (report: CheckReport) => string> = { text: renderText, md: renderMarkdown, json: renderJson };

async function runCheck(target: string, options: CheckOptions): Promise<number> {
  const render = renderers[options.format];
  if (!render) throw new BadInputError(`--format ${options.format}: expected text, json or md`);
  if (options.api && options.engine) throw new BadInputError('--api and --engine: give one target, not both');
  const { engineReleases } = await readSourceList();
  const knowledge = await loadKnowledge(path.resolve(options.generated ?? defaultOut), engineReleases);
  const goal = options.engine ? engineGoal(options.engine, engineReleases) : options.api ? apiGoal(options.api, engineReleases) : undefined;
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

/** Exit codes: 0 fine, 1 the target lacks something, 2 bad input. */
export async function checkCommand(target: string, options: CheckOptions) {
  try {
    process.exitCode = await runCheck(target, options);
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    log(`dockerapi-gen check: ${error.message}`);
    process.exitCode = 2;
  }
}
