// The check's report as text (for a terminal or CI log), Markdown or JSON.
import type { CheckReport, Need, Refusal, SiteVerdict, Target } from './verdict.js';

const engineOf = (engine: string | undefined) => (engine ? `Engine ${engine}` : 'no engine release yet');
const versionText = (api: string, engine: string | undefined) => `API ${api} (${engineOf(engine)})`;
const at = (s: { file: string; line: number; column: number }) => `${s.file}:${s.line}:${s.column}`;

/** Needs in words, those of one kind, operation and version together: `containerList response fields Health, Health.Status (1.52)`. */
export function describeNeeds(needs: Need[]): string {
  const groups = new Map<string, Need[]>();
  for (const need of needs) {
    const key = need.kind === 'operation' ? `operation ${need.since} ${need.removed}` : `${need.operation} ${need.kind} ${need.since}`;
    groups.set(key, [...(groups.get(key) ?? []), need]);
  }
  return [...groups.values()]
    .map((group) => {
      const [{ kind, operation, since, removed }] = group;
      const plural = group.length > 1 ? 's' : '';
      if (kind === 'client package') return `client of ${group[0].name} (refuses engines below API ${since})`;
      if (kind === 'operation') {
        const names = group.map((n) => n.operation).join(', ');
        return removed ? `operation${plural} ${names} (not in that version's package)` : `operation${plural} ${names} (${since})`;
      }
      return `${operation} ${kind}${plural} ${group.map((n) => n.name).join(', ')} (${since})`;
    })
    .join('; ');
}

const because = (site: SiteVerdict) => describeNeeds(site.because);

/** The target's lowest accepted version, when it refuses a package the program uses. */
const refusesBelow = (target: Target) =>
  `Target ${versionText(target.api, target.engine)} accepts API ${target.minApi} and newer only, so it refuses the client of:`;

/** `@dockerapi/v1.41 (API 1.41 at most): use @dockerapi/v1.44 ... @dockerapi/v1.52, @dockerapi/v1.44-v1.55`. */
export const describeRefusal = (refusal: Refusal) =>
  `${refusal.package} (API ${refusal.speaks} at most), used at ${refusal.sites.length} call site(s): use ${refusal.use.join(', ')} instead`;

export function renderText(report: CheckReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    lines.push(`${file.file}: ${versionText(file.api, file.engine)}`);
    for (const site of file.sites) lines.push(`  ${at(site)}  ${site.method}  ${versionText(site.api, site.engine)}: ${because(site)}`);
  }
  if (report.api) {
    lines.push('', `Minimum for all: ${versionText(report.api, report.engine)}, set by:`);
    for (const site of report.floor) lines.push(`  ${at(site)}  ${site.method}: ${because(site)}`);
  } else {
    lines.push('No call on a DockerClient whose version could be told.');
  }
  if (report.unknown.length) {
    lines.push('', `Could not tell (the receiver's type is unknown), ${report.unknown.length} call site(s):`);
    for (const site of report.unknown) lines.push(`  ${at(site)}  ${site.method}`);
  }
  const target = report.target;
  if (target) {
    lines.push('');
    if (!target.lacking.length) lines.push(`Target ${versionText(target.api, target.engine)}: has everything these calls use.`);
    else {
      lines.push(`Target ${versionText(target.api, target.engine)} lacks what ${target.lacking.length} call site(s) use:`);
      for (const { site, lacks } of target.lacking) lines.push(`  ${at(site)}  ${site.method}: ${describeNeeds(lacks)}`);
    }
    if (target.refused.length) lines.push('', refusesBelow(target));
    for (const refusal of target.refused) {
      lines.push(`  ${describeRefusal(refusal)}`);
      for (const site of refusal.sites) lines.push(`    ${at(site)}  ${site.method}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A map's `*` in a field path is no emphasis. */
const inMarkdown = (text: string) => text.replaceAll('*', '\\*');

export function renderMarkdown(report: CheckReport): string {
  const lines = ['# Docker API versions used', ''];
  if (report.api) lines.push(`Minimum for all: **${versionText(report.api, report.engine)}**, set by:`, '');
  else lines.push('No call on a DockerClient whose version could be told.', '');
  for (const site of report.floor) lines.push(`- \`${at(site)}\` \`${site.method}\`: ${inMarkdown(because(site))}`);
  lines.push('', '| file | call site | call | API | engine | why |', '|---|---|---|---|---|---|');
  for (const file of report.files) {
    lines.push(`| ${file.file} | | | **${file.api}** | ${file.engine ?? '-'} | |`);
    for (const site of file.sites) {
      lines.push(
        `| | ${site.line}:${site.column} | \`${site.method}\` | ${site.api} | ${site.engine ?? '-'} | ${inMarkdown(because(site))} |`,
      );
    }
  }
  if (report.unknown.length) {
    lines.push('', "## Could not tell (the receiver's type is unknown)", '');
    for (const site of report.unknown) lines.push(`- \`${at(site)}\` \`${site.method}\``);
  }
  const target = report.target;
  if (target) {
    lines.push('', `## Target ${versionText(target.api, target.engine)}`, '');
    if (!target.lacking.length) lines.push('Has everything these calls use.');
    for (const { site, lacks } of target.lacking) lines.push(`- \`${at(site)}\` \`${site.method}\`: ${inMarkdown(describeNeeds(lacks))}`);
    if (target.refused.length) lines.push('', refusesBelow(target), '');
    for (const refusal of target.refused)
      lines.push(`- ${describeRefusal(refusal)}: ${refusal.sites.map((s) => `\`${at(s)}\``).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const renderJson = (report: CheckReport) => `${JSON.stringify(report, null, 1)}\n`;
