// What a maintainer reads after `specs add`: the new version against the one before, computed by the
// generator's own stages: its diff (our patches' changes marked), the reconciliation of its change-log
// notes, which patches were carried over and which no longer apply, and the drift the newest
// engine's recorded answers show against it that they do not show against the version before.
import { readPinned, apiSpecs, readSourceList, type SpecSource } from '../document/sources.js';
import { apiModelOf, prepareSpec, unpatchedModel, type Prepared } from '../stages/index.js';
import { readInputs, type Inputs } from '../stages/inputs.js';
import { readDocumentInputs } from '../document/document.js';
import { versionDrift } from '../drift/attribution.js';
import { diffApis } from '../reports/diff.js';
import { markPatchOrigins } from '../reports/patch-origin.js';
import { parseChangelog } from '../document/changelog.js';
import { reconcile } from '../reports/reconcile.js';
import { specView, streamItemsOf } from '../reports/index.js';
import { diffMarkdown, reconciliationMarkdown } from '../reports/render.js';
import { compareVersions } from '../versions.js';
import type { Added } from './add.js';

const compareReleases = (a: string, b: string) => {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  return x[0] - y[0] || x[1] - y[1] || (x[2] ?? 0) - (y[2] ?? 0);
};

/** The newest engine with recorded answers, and the newest version it answered at. */
function newestEngine(inputs: Inputs): { engine: string; version: string } | undefined {
  const pairs = Object.entries(inputs.answers).flatMap(([version, byEngine]) =>
    Object.keys(byEngine).map((engine) => ({ engine, version })),
  );
  return pairs.sort((a, b) => compareReleases(b.engine, a.engine) || compareVersions(b.version, a.version))[0];
}

/** The findings the patched document still has for `engine`'s answers recorded at `recordedAt`. */
async function unexplained(source: SpecSource, prepared: Prepared, inputs: Inputs, engine: string, recordedAt: string) {
  const answers = { [source.apiVersion]: { [engine]: inputs.answers[recordedAt][engine] } };
  const [drift] = await versionDrift(source, { ...inputs, answers }, prepared.upstream, prepared.swagger);
  return (drift?.findings ?? []).filter((f) => !f.fixedBy);
}

export async function reviewVersion(added: Added): Promise<string> {
  const list = await readSourceList();
  const specs = apiSpecs(list);
  const [before, after] = [specs.find((s) => s.apiVersion === added.previous)!, specs.find((s) => s.apiVersion === added.version)!];
  const inputs = await readInputs(await readDocumentInputs(list));
  const [a, b] = [await prepareSpec(before, inputs), await prepareSpec(after, inputs)];
  const upstream = diffApis(
    before.apiVersion,
    await unpatchedModel(before, inputs, a),
    after.apiVersion,
    await unpatchedModel(after, inputs, b),
  );
  const diff = markPatchOrigins(
    diffApis(before.apiVersion, apiModelOf(a.openapi), after.apiVersion, apiModelOf(b.openapi)),
    upstream,
    inputs.patches,
  );
  const changelog = list.files.find((f) => f.kind === 'version-history')!;
  const notes = parseChangelog((await readPinned(changelog)).toString('utf8')).get(after.apiVersion) ?? [];
  const ours = diff.changes.filter((c) => c.patch);
  const reconciliation = reconcile(upstream, notes, specView(apiModelOf(b.openapi), streamItemsOf(inputs.operationFacts)), undefined, ours);

  const lines = [
    `# v${added.version} added`,
    '',
    `- specs/sources.json pins v${added.version} (${added.released ? 'released' : 'unreleased'})${added.previousReleased ? `; v${added.previous} is now marked released` : ''}.`,
    `- Patches applied at v${added.version}: ${b.applied.length ? b.applied.join(', ') : 'none'}.`,
  ];
  for (const p of added.patches.filter((p) => !p.notApplied)) lines.push(`- carried over: ${p.id} (${p.versions} -> ..${added.version})`);
  for (const p of added.patches.filter((p) => p.notApplied))
    lines.push(`- no longer applies, range kept at ${p.versions}: ${p.id}: ${p.notApplied}`);
  for (const s of b.stale) lines.push(`- covers v${added.version} but no longer applies: ${s.id}: ${s.reason}`);
  if (added.noNotes) lines.push(`- the change log has no notes for v${added.version} yet`);
  const newest = newestEngine(inputs);
  if (newest) {
    const key = (f: { kind: string; operation: string; path: string; actual: string }) => `${f.kind} ${f.operation} ${f.path} ${f.actual}`;
    // Against the version before, as a baseline: what is left is what the new document changed.
    const all = await unexplained(after, b, inputs, newest.engine, newest.version);
    const known = new Set((await unexplained(before, a, inputs, newest.engine, newest.version)).map(key));
    const fresh = all.filter((f) => !known.has(key(f)));
    lines.push(
      '',
      `## Drift: Engine ${newest.engine}'s answers (recorded at v${newest.version}) against v${added.version}`,
      '',
      `${all.length} finding(s) no patch explains; ${fresh.length ? `${fresh.length} of them new against v${before.apiVersion}:` : `none new against v${before.apiVersion}.`}`,
      ...fresh.map((f) => `- ${f.kind} ${f.operation} ${f.path}: expected ${f.expected}, sent ${f.actual}`),
    );
  }
  lines.push('', diffMarkdown(diff).replace(/^# /, '## '), reconciliationMarkdown(reconciliation).replace(/^# /, '## '));
  return `${lines.join('\n')}\n`;
}
