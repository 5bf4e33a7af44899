// The drift policy: each finding of the recorded engine answers (./attribution.ts) is fixed by a
// patch in specs/patches/ or accepted, with its reason, in specs/drift-accepted.json. A finding that is
// neither stops generation, as does a patch whose cited drift is not fixed by it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DriftKind } from './findings.js';
import type { EngineDrift } from './attribution.js';
import type { SpecPatch } from '../document/patches.js';
import { specsDir } from '../document/sources.js';
import { compareVersions } from '../versions.js';

export const acceptedFile = path.join(specsDir, 'drift-accepted.json');

/** Findings left as they are, for one reason: each `"<operation> <path>"` of the given kind. */
export interface AcceptedDrift {
  kind: DriftKind;
  reason: string;
  findings: string[];
}

export interface DriftEntry {
  engine: string;
  version: string;
  kind: DriftKind;
  operation: string;
  path: string;
  expected: string;
  actual: string;
  /** The patch that fixes it (the file id in specs/patches/). */
  fixedBy?: string;
  /** Why it is left as is. */
  accepted?: string;
  /** Only the patched spec has it (a patch revealed what an upstream mismatch hid). */
  fromPatches?: true;
}

export class DriftError extends Error {}

const KINDS: DriftKind[] = ['extra-field', 'missing-required', 'unexpected-null', 'enum-outside', 'type-mismatch'];

export function parseAccepted(raw: unknown, where = 'specs/drift-accepted.json'): AcceptedDrift[] {
  const list = (raw as { accepted?: unknown })?.accepted;
  if (!Array.isArray(list)) throw new DriftError(`${where}: expected {"accepted": [...]}`);
  return list.map((entry: any, i: number) => {
    const at = `${where} accepted[${i}]`;
    if (!KINDS.includes(entry?.kind)) throw new DriftError(`${at}: "kind" must be one of ${KINDS.join(', ')}`);
    if (typeof entry.reason !== 'string' || !entry.reason) throw new DriftError(`${at}: missing "reason"`);
    const ok = Array.isArray(entry.findings) && entry.findings.length && entry.findings.every((f: unknown) => typeof f === 'string');
    if (!ok) throw new DriftError(`${at}: "findings" must list "<operation> <path>" strings`);
    return { kind: entry.kind, reason: entry.reason, findings: entry.findings };
  });
}

export async function readAccepted(file = acceptedFile): Promise<AcceptedDrift[]> {
  return parseAccepted(JSON.parse(await readFile(file, 'utf8')));
}

/** How a patch cites a finding: `28.5 v1.51 unexpected-null ContainerInspect /HostConfig/Binds`. */
export const citationOf = (e: Pick<DriftEntry, 'engine' | 'version' | 'kind' | 'operation' | 'path'>) =>
  `${e.engine} v${e.version} ${e.kind} ${e.operation} ${e.path}`;

const describe = (e: DriftEntry) => `${citationOf(e)} (expected ${e.expected}, sent ${e.actual})`;

/**
 * Every finding of every version with its explanation. Throws, naming them, on findings neither
 * fixed nor accepted, on patches without evidence or citing drift they do not fix, and, when
 * `answered` (every version with recorded answers) is all at hand, on accepted entries no finding needs.
 */
export function driftEntries(
  models: Map<string, { drift?: EngineDrift[] }>,
  patches: SpecPatch[],
  accepted: AcceptedDrift[],
  answered?: string[],
): DriftEntry[] {
  const reasons = new Map<string, string>();
  for (const a of accepted) for (const f of a.findings) reasons.set(`${a.kind} ${f}`, a.reason);
  const entries: DriftEntry[] = [];
  const versions = [...models.keys()].sort(compareVersions);
  for (const version of versions) {
    for (const { engine, findings } of models.get(version)!.drift ?? []) {
      for (const f of findings) {
        const entry: DriftEntry = { engine, version, ...f };
        if (!f.fixedBy) {
          const reason = reasons.get(`${f.kind} ${f.operation} ${f.path}`);
          if (reason) entry.accepted = reason;
        }
        entries.push(entry);
      }
    }
  }
  const unexplained = entries.filter((e) => !e.fixedBy && !e.accepted);
  if (unexplained.length) {
    throw new DriftError(
      `${unexplained.length} drift finding(s) neither fixed by a patch nor accepted:\n  ${unexplained.slice(0, 10).map(describe).join('\n  ')}` +
        `${unexplained.length > 10 ? '\n  ...' : ''}\nfix each with a patch in specs/patches/ or accept it, with a reason, in specs/drift-accepted.json`,
    );
  }
  checkEvidence(entries, patches, new Set(versions));
  if (answered?.every((v) => models.get(v)?.drift)) {
    const used = new Set(entries.filter((e) => e.accepted).map((e) => `${e.kind} ${e.operation} ${e.path}`));
    const stale = [...reasons.keys()].filter((key) => !used.has(key));
    if (stale.length) {
      throw new DriftError(`specs/drift-accepted.json accepts drift no recorded answer shows any more; remove:\n  ${stale.join('\n  ')}`);
    }
  }
  return entries;
}

/** Each patch has evidence, and each drift it cites (at a version at hand) is fixed by it. */
export function checkEvidence(entries: DriftEntry[], patches: SpecPatch[], versions: Set<string>): void {
  const byCitation = new Map(entries.map((e) => [citationOf(e), e]));
  const problems: string[] = [];
  for (const patch of patches) {
    const where = `specs/patches/${patch.id}.json`;
    if (!patch.evidence) {
      problems.push(`${where}: no "evidence" (the drift it fixes, or the source that shows it is right)`);
      continue;
    }
    for (const citation of patch.evidence.drift ?? []) {
      const version = /^\S+ v(\d+\.\d+) /.exec(citation)?.[1];
      if (!version)
        problems.push(`${where}: cannot read the citation "${citation}" (want "<engine> v<version> <kind> <operation> <path>")`);
      else if (!versions.has(version)) continue;
      else {
        const found = byCitation.get(citation);
        if (!found) problems.push(`${where}: cites "${citation}", which is not in the drift of the upstream spec`);
        else if (found.fixedBy !== patch.id) {
          problems.push(
            `${where}: cites "${citation}", which ${found.fixedBy ? `${found.fixedBy} fixes` : 'no patch fixes'}, not this patch`,
          );
        }
      }
    }
  }
  if (problems.length) throw new DriftError(`patch evidence does not match the drift report:\n  ${problems.join('\n  ')}`);
}
