// The upstream change log (version-history.md) as data: per version, each bullet with the
// endpoints (`METHOD /path`) and backticked names it mentions.
import { METHOD_PATTERN } from './walk.js';

export interface Endpoint {
  method: string;
  /** The path as the log writes it. */
  written: string;
  /** Placeholders as `{}`, no trailing slash: comparable with spec paths. */
  path: string;
}

export interface Note {
  version: string;
  index: number;
  text: string;
  endpoints: Endpoint[];
  names: string[];
}

const SECTION = /^## [vV](\d+\.\d+) API changes/;
// A path runs to the first space, except inside a placeholder: `/containers/(id or name)/json`, `/containers/<container ID>/exec`.
const ENDPOINT = new RegExp(`\\b(${METHOD_PATTERN})\\s+\`?(\\/(?:\\([^)\`]*\\)|<[^>\`]*>|[^\\s\`,;(<])*)`, 'gi');
const METHOD_WORD = new RegExp(`^(${METHOD_PATTERN})$`);

/**
 * `/images/(name)/json`, `/containers/(id or name)`, `/exec/<exec ID>/start`, `/volumes{name}`, `/containers/{id}/json/`
 * -> `/images/{}/json`, `/containers/{}`, `/exec/{}/start`, `/volumes/{}`, `/containers/{}/json`.
 */
export function normalizePath(written: string): string {
  return (
    written
      .replace(/\?.*$/, '')
      .replace(/[.:)]+$/, (m) => (m.startsWith(')') && written.includes('(') ? m : ''))
      .replace(/\([^)]*\)|\{[^}]*\}|<[^>]*>/g, '{}')
      .replace(/([^/])\{\}/g, '$1/{}')
      .replace(/\/+$/, '') || '/'
  );
}

/**
 * Each note is a bullet (`* ` or `- ` at the margin) with its indented lines, also past blank lines, and the lines
 * at the margin right after it; or, under a
 * sub-heading (`#### Deprecated Config fields ...`), the heading with its paragraphs and the items of their
 * prose lists, up to the next heading or `* ` bullet: such a list is part of one note.
 */
export function parseChangelog(markdown: string): Map<string, Note[]> {
  const notes = new Map<string, Note[]>();
  let version: string | undefined;
  let current: string[] | undefined;
  let prose = false;
  // Markdown's lazy continuation: a line at the margin right after a bullet's line (no blank between) continues it.
  let afterBlank = false;
  const flush = () => {
    if (!version || !current) return;
    const text = current.join(' ').replace(/\s+/g, ' ').trim();
    const list = notes.get(version) ?? [];
    list.push(noteOf(version, list.length, text));
    notes.set(version, list);
    current = undefined;
  };
  for (const line of markdown.split('\n')) {
    const section = SECTION.exec(line);
    if (section || /^## /.test(line)) {
      flush();
      version = section?.[1];
      if (version) notes.set(version, notes.get(version) ?? []);
      continue;
    }
    if (!version) continue;
    if (!line.trim()) {
      afterBlank = true;
      continue;
    }
    const lazy = !afterBlank;
    afterBlank = false;
    if (/^#{3,} /.test(line)) {
      flush();
      current = [line.replace(/^#+ /, '')];
      prose = true;
    } else if (/^\* /.test(line) || (!prose && /^- /.test(line))) {
      flush();
      current = [line.slice(2)];
      prose = false;
    } else if (current && (prose || lazy || /^\s+\S/.test(line))) {
      current.push(line.trim().replace(/^[-*] /, ''));
    } else {
      // Prose at the margin after a bullet opens a note of its own, like a sub-heading.
      flush();
      current = [line.trim()];
      prose = true;
    }
  }
  flush();
  return notes;
}

function noteOf(version: string, index: number, text: string): Note {
  const endpoints = [...text.matchAll(ENDPOINT)].map(([, method, written]) => ({
    method: method.toUpperCase(), // the log once writes `Get /version`
    written: written.replace(/[.,:]+$/, ''),
    path: normalizePath(written),
  }));
  // "The `/_ping` endpoint can now be accessed both using `GET` or `HEAD`": a path and methods written apart.
  const methods = [...text.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]).filter((m) => METHOD_WORD.test(m));
  for (const [, written] of text.matchAll(/`(\/[^`\s]*)`/g)) {
    for (const method of methods.map((m) => m.toUpperCase())) {
      const path = normalizePath(written);
      if (!endpoints.some((e) => e.method === method && e.path === path)) endpoints.push({ method, written, path });
    }
  }
  // `?verbose=1` names the query parameter `verbose`.
  const written = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1].replace(/^\?([\w-]+)=.*$/, '$1'));
  const names = [...new Set(written.filter((n) => !n.startsWith('/') && !METHOD_WORD.test(n)))];
  return { version, index, text, endpoints, names };
}
