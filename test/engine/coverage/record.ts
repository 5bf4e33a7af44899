// Where the engine tests write down which operation they saw answer, at which API version, on which
// engine. Test files run in parallel worker processes, so each process appends to its own JSON-lines
// file and the coverage check merges them (merge.ts).
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const coverageDir = path.resolve(import.meta.dirname, '../../../test-artifacts/engine-coverage');
export const coverageFile = path.resolve(coverageDir, '../engine-coverage.json');

/**
 * How an answer was checked: `schema` validated by ajv against the version's response schema;
 * `empty` a success status with no body to check; `unschemed` a JSON answer the spec gives no schema
 * for; `stream` a binary, multiplexed or hijacked answer the test reads and asserts itself.
 */
export type Validation = 'schema' | 'empty' | 'unschemed' | 'stream';

export interface CoverageRecord {
  operation: string;
  apiVersion: string;
  /** The engine's own version, e.g. "28.5.1". */
  engine: string;
  /** The newest API version that engine serves. */
  engineApiVersion: string;
  /** The oldest API version that engine serves (Engine 29.7: 1.40). */
  engineMinApiVersion: string;
  validation: Validation;
}

let file: string | undefined;

export function recordCoverage(record: CoverageRecord): void {
  if (!file) {
    mkdirSync(coverageDir, { recursive: true });
    file = path.join(coverageDir, `${process.pid}-${Date.now()}.jsonl`);
  }
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** Every schema problem seen, with the answer, so that a run shows them all, not just the first. */
export function recordProblems(entry: { operation: string; apiVersion: string; engine: string; problems: string[]; answer: unknown }) {
  mkdirSync(coverageDir, { recursive: true });
  appendFileSync(path.join(coverageDir, `problems-${process.pid}.json-lines`), `${JSON.stringify(entry)}\n`);
}

/** With DOCKERAPI_RECORD_ANSWERS set, the answers themselves, for the committed answers in specs/engine-answers (write-fixtures.ts). */
export function recordAnswer(entry: { operation: string; apiVersion: string; engine: string; answer: unknown }): void {
  mkdirSync(coverageDir, { recursive: true });
  appendFileSync(path.join(coverageDir, `answers-${process.pid}.json-lines`), `${JSON.stringify(entry)}\n`);
}
