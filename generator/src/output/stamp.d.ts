// Types of stamp.js, which stays JavaScript so the bin can read it before the TypeScript loader starts.
export function stampKey(run: { root: string; specs: string; out: string; args: string[]; cwd: string }): string;
export function writeStamp(out: string, key: string, left: { files: string[]; log: string[] }): void;
export function removeStamp(out: string): void;
export function upToDate(out: string, key: string): string[] | undefined;
