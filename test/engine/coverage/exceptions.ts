// The operations the engine tests cannot run here, and why (test/engine/coverage-exceptions.json):
// read by the coverage check, and by the version sweep so that it does not call what cannot run.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `sometimesCovered`: covered only when shared state allows (a swarm not yet active), so not stale when
 * covered. `versions` and `engines` (major.minor, "20.10") narrow an exception to the schema changes
 * at those versions on those engines; a narrowed exception does not excuse the newest version.
 */
export interface CoverageException {
  reason: string;
  sometimesCovered?: boolean;
  versions?: string[];
  engines?: string[];
}

export const exceptionsFile = path.resolve(import.meta.dirname, '../coverage-exceptions.json');
export const exceptions = JSON.parse(readFileSync(exceptionsFile, 'utf8')) as Record<string, CoverageException>;

/** An exception for the operation at every version on every engine. */
export const whole = (e: CoverageException | undefined) => Boolean(e && !e.versions && !e.engines);

/** "28.5.2+dfsg4" -> "28.5". */
export const majorMinor = (engine: string) => engine.split('.').slice(0, 2).join('.');

/** Whether `e` excuses its operation at `version` on `engine` (an engine's own version string). */
export const excuses = (e: CoverageException | undefined, version: string, engine: string) =>
  Boolean(e && (!e.versions || e.versions.includes(version)) && (!e.engines || e.engines.includes(majorMinor(engine))));
