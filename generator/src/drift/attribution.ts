// The drift of one version: each engine's recorded answers (specs/engine-answers) against the
// upstream document, and for each finding the patch that makes it disappear. The patches that touch
// the version are applied one at a time, in the order generation applies them, and the drift is
// computed after each step: a finding gone after step i (and not back later) is fixed by patch i.
// Works on Swagger 2 as parsed, so no step pays for a conversion.
import { dedupe, driftOf, flattener, responseSchema, type ApiDescription, type DriftFinding } from './findings.js';
import { readPinned, type SpecSource } from '../document/sources.js';
import { inRange } from '../versions.js';
import { parseChangelog } from '../document/changelog.js';
import { parseSpec } from '../document/load.js';
import { operationsOf } from '../document/walk.js';
import type { Swagger } from '../document/spec.js';
import { applyPatchInPlace, type SpecPatch } from '../document/patches.js';
import { parseV124, reconstructV124 } from '../document/v124.js';
import type { DocumentInputs } from '../document/document.js';
import type { VersionAnswers } from '../document/answers.js';

/** What the drift of a version reads: its document's inputs and the recorded answers, by API version. */
export type DriftInputs = DocumentInputs & { answers: Record<string, VersionAnswers> };

export interface AttributedFinding extends DriftFinding {
  /** The patch whose step made the finding disappear; absent when the patched document still has it. */
  fixedBy?: string;
  /** Only the patched document has it: a patch brought it in. */
  fromPatches?: true;
}

export interface EngineDrift {
  engine: string;
  findings: AttributedFinding[];
}

const keyOf = (f: DriftFinding) => `${f.kind} ${f.operation} ${f.path} ${f.actual}`;

/** engine -> operationId -> the drift of its answer. */
type Findings = Map<string, Map<string, DriftFinding[]>>;

/** The drift of `operations` (all when undefined); the others' is taken from `previous`. */
function driftOfDocument(doc: Swagger, answers: VersionAnswers, operations?: Set<string>, previous?: Findings): Findings {
  const api = doc as ApiDescription;
  const flat = flattener(api);
  return new Map(
    Object.entries(answers).map(([engine, recorded]) => {
      const byOperation = new Map<string, DriftFinding[]>();
      for (const [operation, answer] of Object.entries(recorded)) {
        if (operations && !operations.has(operation)) byOperation.set(operation, previous!.get(engine)!.get(operation)!);
        else {
          const schema = responseSchema(api, operation);
          byOperation.set(operation, schema ? driftOf(api, operation, schema, answer, '', flat) : []);
        }
      }
      return [engine, byOperation];
    }),
  );
}

/** The names a value references (`#/definitions/` taken off), not following them. */
function refsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (!value || typeof value !== 'object') return into;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') into.add(ref.replace('#/definitions/', ''));
  for (const child of Object.values(value)) refsIn(child, into);
  return into;
}

/**
 * The definitions a value reaches through references, and theirs in turn. Each definition's own
 * references are read once per document state, however many operations reach it.
 */
function reacher(doc: Swagger): (value: unknown) => Set<string> {
  const direct = new Map<string, Set<string>>();
  const refsOf = (name: string) => direct.get(name) ?? direct.set(name, refsIn(doc.definitions?.[name])).get(name)!;
  return (value) => {
    const into = new Set<string>();
    const visit = (name: string) => {
      if (into.has(name)) return;
      into.add(name);
      for (const next of refsOf(name)) visit(next);
    };
    for (const name of refsIn(value)) visit(name);
    return into;
  };
}

/**
 * The answered operations whose answer schema a patch can change at `version`: those whose schema it
 * edits or that reach a definition it edits. Request parameters change no answer. Undefined: any.
 */
function operationsTouched(doc: Swagger, version: string, patch: SpecPatch, answered: string[]): Set<string> | undefined {
  const definitions = new Set<string>();
  const paths = new Set<string>();
  for (const { versions, operations } of patch.apply) {
    if (!inRange(version, versions)) continue;
    for (const { path: pointer } of operations) {
      const [root, name, method, part] = pointer
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (root === 'definitions' && name) definitions.add(name);
      else if (root === 'paths' && name && method && part === 'parameters') continue;
      else if (root === 'paths' && name && method) paths.add(`${name} ${method}`);
      else return undefined;
    }
  }
  const touched = new Set<string>();
  const reached = reacher(doc);
  for (const { id, method, path: route, op } of operationsOf(doc)) {
    if (!answered.includes(id)) continue;
    if (paths.has(`${route} ${method.toLowerCase()}`)) touched.add(id);
    else if (definitions.size) {
      const reach = reached(op.responses);
      if ([...definitions].some((d) => reach.has(d))) touched.add(id);
    }
  }
  return touched;
}

const touches = (version: string) => (p: SpecPatch) => p.apply.some((a) => inRange(version, a.versions));

/**
 * The drift after each step from upstream to patched: `[patch id, findings]`, the first step being
 * upstream itself. One copy of the document is patched in place, step by step.
 */
async function driftSteps(source: SpecSource, inputs: DriftInputs, answers: VersionAnswers, upstream?: Swagger, patched?: Swagger) {
  const version = source.apiVersion;
  const steps: [string | undefined, Findings][] = [];
  if (source.format !== 'markdown') {
    const doc = structuredClone(upstream ?? parseSpec(source.file, (await readPinned(source)).toString('utf8')));
    const answered = [...new Set(Object.values(answers).flatMap(Object.keys))];
    steps.push([undefined, driftOfDocument(doc, answers)]);
    for (const patch of inputs.patches.filter(touches(version))) {
      const touched = operationsTouched(doc, version, patch, answered);
      applyPatchInPlace(doc, version, patch);
      if (touched?.size === 0) continue;
      steps.push([patch.id, driftOfDocument(doc, answers, touched, steps.at(-1)![1])]);
    }
    return steps;
  }
  // A reconstructed version is rebuilt from its base patched as usual. Each step applies the base's
  // patch to the rebuilt document, which gives what a rebuild from the patched base gives wherever
  // the patch applies; where it does not (the rebuild dropped what it edits), the step rebuilds.
  // When the last step differs from the document generation uses, every step rebuilds.
  const { base, changelog } = inputs.reconstruction;
  const baseDoc = parseSpec(base.file, (await readPinned(base)).toString('utf8'));
  const sections = parseV124((await readPinned(source)).toString('utf8'));
  const notes = parseChangelog((await readPinned(changelog)).toString('utf8')).get(base.apiVersion) ?? [];
  const relevant = inputs.patches.filter((p) => touches(base.apiVersion)(p) || touches(version)(p));
  const answered = [...new Set(Object.values(answers).flatMap(Object.keys))];
  const stepwise = (rebuildEach: boolean) => {
    const patchedBase = structuredClone(baseDoc);
    const rebuild = (applied: SpecPatch[]) => {
      const doc = reconstructV124(patchedBase, sections, notes).doc;
      for (const patch of applied) applyPatchInPlace(doc, version, patch);
      return doc;
    };
    let doc = rebuild([]);
    const out: [string | undefined, Findings][] = [[undefined, driftOfDocument(doc, answers)]];
    for (const [i, patch] of relevant.entries()) {
      const touched = operationsTouched(patchedBase, base.apiVersion, patch, answered);
      applyPatchInPlace(patchedBase, base.apiVersion, patch);
      if (touched?.size === 0) continue;
      let rebuilt = false;
      try {
        if (rebuildEach) throw new Error('rebuild');
        applyPatchInPlace(doc, base.apiVersion, patch);
        applyPatchInPlace(doc, version, patch);
      } catch {
        doc = rebuild(relevant.slice(0, i + 1));
        rebuilt = true;
      }
      out.push([patch.id, rebuilt ? driftOfDocument(doc, answers) : driftOfDocument(doc, answers, touched, out.at(-1)![1])]);
    }
    return out;
  };
  const fast = stepwise(false);
  const keys = (findings: Findings) =>
    JSON.stringify([...findings].map(([engine, ops]) => [engine, [...ops.values()].flat().map(keyOf).sort()]));
  const same = (a: Findings, b: Findings) => keys(a) === keys(b);
  return patched && !same(fast.at(-1)![1], driftOfDocument(patched, answers)) ? stepwise(true) : fast;
}

/** The drift of each engine that answered at this version, every finding attributed. */
export async function versionDrift(source: SpecSource, inputs: DriftInputs, upstream?: Swagger, patched?: Swagger): Promise<EngineDrift[]> {
  const answers = inputs.answers[source.apiVersion];
  if (!answers || !Object.keys(answers).length) return [];
  const steps = await driftSteps(source, inputs, answers, upstream, patched);
  const all = (findings: Findings, engine: string) => [...findings.get(engine)!.values()].flat();
  return Object.keys(answers).map((engine) => {
    const upstreamFindings = all(steps[0][1], engine);
    const fixedBy = new Map<string, string | undefined>();
    let present = new Set(upstreamFindings.map(keyOf));
    for (const [patch, drift] of steps.slice(1)) {
      const now = new Set(all(drift, engine).map(keyOf));
      for (const key of present) if (!now.has(key)) fixedBy.set(key, patch);
      for (const key of now) if (!present.has(key)) fixedBy.delete(key);
      present = now;
    }
    const introduced = all(steps.at(-1)![1], engine).filter((f) => !upstreamFindings.some((u) => keyOf(u) === keyOf(f)));
    const findings: AttributedFinding[] = [
      ...upstreamFindings.map((f) => {
        const patch = present.has(keyOf(f)) ? undefined : fixedBy.get(keyOf(f));
        return patch ? { ...f, fixedBy: patch } : f;
      }),
      ...introduced.map((f) => ({ ...f, fromPatches: true as const })),
    ];
    return { engine, findings: dedupe(findings) as AttributedFinding[] };
  });
}
