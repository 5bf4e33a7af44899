// API versions are "1.NN"; ranges are written "1.25..1.34" (inclusive), "1.52.." (from 1.52 on,
// including versions added later) or a single version.
export interface VersionRange {
  from: string;
  /** The last version in the range; absent when the range is open-ended. */
  to?: string;
}

export const versionNumber = (v: string) => Number(v.split('.')[1]);

export const compareVersions = (a: string, b: string) => versionNumber(a) - versionNumber(b);

const VERSION = /^1\.\d+$/;

export function parseRange(text: string, where: string): VersionRange {
  const [from, to = from, ...rest] = String(text).split('..');
  const open = to === '' && rest.length === 0;
  if (!VERSION.test(from) || (!open && (!VERSION.test(to) || rest.length > 0 || compareVersions(from, to) > 0))) {
    throw new Error(`${where}: bad version range "${text}" (want "1.NN", "1.NN..1.MM" or "1.NN.." for 1.NN and every later version)`);
  }
  return open ? { from } : { from, to };
}

export const inRange = (v: string, r: VersionRange) =>
  compareVersions(v, r.from) >= 0 && (r.to === undefined || compareVersions(v, r.to) <= 0);

/** The range as written: "1.25..1.34", "1.52.." or "1.44". */
export const formatRange = (r: VersionRange) => (r.to === undefined ? `${r.from}..` : r.from === r.to ? r.from : `${r.from}..${r.to}`);

/** `1.25..1.41`, `1.25..1.41, 1.44`: a list of versions as ranges over the known versions. */
export function ranges(present: string[], all: string[]): string {
  const out: string[] = [];
  let start: string | undefined;
  let prev: string | undefined;
  for (const version of all) {
    if (present.includes(version)) {
      start ??= version;
      prev = version;
    } else if (start) {
      out.push(start === prev ? start : `${start}..${prev}`);
      start = undefined;
    }
  }
  if (start) out.push(start === prev ? start : `${start}..${prev}`);
  return out.join(', ');
}
