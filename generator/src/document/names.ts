// How the change log's prose names a field or definition, loosely: the change-log reconciliation ties
// notes by it, and the v1.24 reconstruction decides by it which fields a v1.25 note speaks of.

/** Names compared loosely: case, and plural segments (`ImagesUsage` ~ `ImageUsage`). */
export function nameKey(name: string): string {
  const last = name.split('.').pop()!;
  return last
    .split(/(?=[A-Z][a-z])|[-_]/)
    .map((part) => part.toLowerCase().replace(/s$/, ''))
    .join('');
}

const segments = (name: string) => name.split(/(?=[A-Z][a-z])/).map((s) => s.toLowerCase());

/** `CapAdd` for `CapabilityAdd`, `CpuRtRuntime` for `CpuRealtimeRuntime`: abbreviated segments beside whole ones. */
export function abbreviates(written: string, field: string): boolean {
  const [a, b] = [segments(written), segments(field)];
  // `rt` abbreviates `realtime`: same first letter, the rest in order.
  const short = (seg: string, long: string) => {
    let at = 0;
    return seg.length >= 2 && seg[0] === long[0] && [...seg].every((c) => (at = long.indexOf(c, at) + 1) > 0);
  };
  // Only beside whole segments: a lone `Pid` does not abbreviate `privileged`.
  return a.length === b.length && a.length > 1 && a.some((seg, i) => seg === b[i]) && a.every((seg, i) => seg === b[i] || short(seg, b[i]));
}
