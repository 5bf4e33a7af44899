// v1.24 exists upstream only as a Markdown reference. It is reconstructed from v1.25: operations
// and query parameters are taken as v1.24.md lists them, fields the v1.25 change-log notes say 1.25
// added are removed, and the JSON examples of v1.24.md are checked against the result. Every
// difference from v1.25 is recorded with what justifies it.
import type { Swagger } from './spec.js';
import { flatten, HTTP_METHODS, operationsOf, successResponses } from './walk.js';
import { normalizePath, type Note } from './changelog.js';
import { abbreviates, nameKey } from './names.js';
import type { Schema } from './spec.js';

export interface Section {
  method: string;
  written: string;
  path: string;
  query: { name: string; description: string }[];
  /** Whether the section defers to the next one ("See the description ... in the following section"). */
  refersOn?: boolean;
  /** The example response body, if the section has one that is JSON. */
  example?: { parsed?: unknown; error?: string };
  /** The section's lines, to tell whether it shows a field. */
  text: string;
}

export interface Provenance {
  change: string;
  because: string;
}

/** What a query parameter only the example request shows is described as. */
const EXAMPLE_ONLY = '(shown in the example request)';

// The endpoint line of a section; example request lines (`/v1.24/...`) are not endpoints.
const ENDPOINT_LINE = /^`(GET|POST|PUT|DELETE|HEAD) (\/(?!v1\.)[^`?]*)(?:\?[^`]*)?`\s*$/;
const EXAMPLE_REQUEST = /^\s*(?:GET|POST|PUT|DELETE|HEAD) \/v1\.24\/[^?\s]*\?(\S+)/;

/** Endpoint sections of v1.24.md: the `METHOD /path` line, its query parameters, its example answer. */
export function parseV124(markdown: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let block: 'query' | 'request' | 'response' | undefined;
  let example: string[] = [];
  const finish = () => {
    if (current && example.length) current.example = parseExample(example);
    example = [];
  };
  for (const line of markdown.split('\n')) {
    const endpoint = ENDPOINT_LINE.exec(line);
    if (endpoint) {
      finish();
      current = { method: endpoint[1], written: endpoint[2], path: normalizePath(endpoint[2]), query: [], text: '' };
      sections.push(current);
      block = undefined;
      continue;
    }
    if (!current) continue;
    if (/^#{1,4} /.test(line)) {
      finish();
      current = undefined;
      continue;
    }
    if (/^\*\*[^*]+\*\*:?/.test(line)) {
      if (block === 'response') finish();
      block = /^\*\*Query parameters\*\*/i.test(line)
        ? 'query'
        : /^\*\*Example request\*\*/i.test(line)
          ? 'request'
          : /^\*\*Example response\*\*/i.test(line)
            ? 'response'
            : undefined;
      continue;
    }
    current.text += `${line}\n`;
    if (/following section/i.test(line)) current.refersOn = true;
    if (block === 'query') {
      const param = /^-\s+\*\*([\w.-]+)\*\*\s*[–-]\s*(.*)$/.exec(line);
      if (param) {
        current.query = current.query.filter((q) => q.name !== param[1]);
        current.query.push({ name: param[1], description: param[2] });
      }
    } else if (block === 'request') {
      // Parameters that only the example request shows (`?names=...`) count as documented too.
      const query = EXAMPLE_REQUEST.exec(line)?.[1];
      for (const name of query ? new URLSearchParams(query).keys() : []) {
        if (!current.query.some((q) => q.name === name)) current.query.push({ name, description: EXAMPLE_ONLY });
      }
    } else if (block === 'response' && (line.startsWith('    ') || !line.trim())) {
      example.push(line.slice(4));
    }
  }
  finish();
  sections.forEach((section, i) => {
    if (section.refersOn && !section.query.length && sections[i + 1])
      section.query = sections[i + 1].query.map((q) => ({
        ...q,
        description: `${q.description} (from the following section, which this one refers to)`,
      }));
  });
  return sections;
}

function parseExample(lines: string[]): Section['example'] {
  // Skip the status line and headers up to the first blank line; what follows is the body.
  const text = lines.join('\n').trim();
  const blank = text.search(/\n\s*\n/);
  const body = (/^HTTP\//.test(text) ? (blank >= 0 ? text.slice(blank) : '') : text).trim();
  if (!body.startsWith('{') && !body.startsWith('[')) return undefined;
  try {
    return { parsed: JSON.parse(body) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The backticked names right after "now returns", "now takes a", ... (not the ones that merely give context). */
const ADDED = new RegExp(
  '\\b(?:now returns?|now takes?|now accepts?|accepts|now includes?|now supports?|now has|now contains|adds?|added)\\s+' +
    '(?:(?:an?|the|new|field|fields|parameter)\\s+)*((?:`[^`]+`(?:,\\s*|\\s+and\\s+|\\s*)?)+)',
  'gi',
);

export function addedNames(text: string): string[] {
  return [...text.matchAll(ADDED)].flatMap((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((n) => n[1]));
}

/** Every (schema, property name) reachable from a schema, through references and allOf. */
function* properties(doc: Swagger, schema: Schema | undefined, seen = new Set<Schema>()): Generator<[Schema, string, string]> {
  if (!schema || seen.has(schema)) return;
  seen.add(schema);
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    yield* properties(doc, doc.definitions?.[name!], seen);
    return;
  }
  for (const part of schema.allOf ?? []) yield* properties(doc, part, seen);
  for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) {
    yield [schema, name, ''];
    yield* properties(doc, child, seen);
  }
  if (schema.items) yield* properties(doc, schema.items, seen);
}

export function reconstructV124(v125: Swagger, sections: Section[], notes125: Note[]): { doc: Swagger; provenance: Provenance[] } {
  const doc: Swagger = structuredClone(v125);
  const provenance: Provenance[] = [];
  const exactSection = (method: string, path: string) => sections.find((s) => s.method === method && s.path === normalizePath(path));
  // v1.24.md writes an inspect path without its `/json` (`GET /plugins/(plugin name)`), as the change log does.
  const inspectSection = (method: string, path: string) =>
    method === 'GET' && path.endsWith('/json') && !v125.paths[path.slice(0, -5)]?.get ? exactSection(method, path.slice(0, -5)) : undefined;
  const sectionOf = (method: string, path: string) => exactSection(method, path) ?? inspectSection(method, path);
  const notesAbout = (method: string, path: string) =>
    notes125.filter((n) => n.endpoints.some((e) => e.method === method && e.path === normalizePath(path)));
  const quote = (note: Note) => `v1.25 note: "${note.text.length > 160 ? `${note.text.slice(0, 157)}...` : note.text}"`;

  for (const { method: upper, path, op } of operationsOf(doc)) {
    const item = doc.paths[path];
    const method = upper.toLowerCase();
    const section = sectionOf(upper, path);
    if (!section) {
      delete item[method];
      const note = notesAbout(upper, path)[0];
      provenance.push({
        change: `removed ${op.operationId} (${upper} ${path})`,
        because: `v1.24.md has no section for it${note ? `; ${quote(note)}` : ''}`,
      });
      continue;
    }
    if (section.path !== normalizePath(path))
      provenance.push({
        change: `kept ${op.operationId} (${upper} ${path})`,
        because: `v1.24.md has it as ${section.method} ${section.written}, without the \`/json\``,
      });
    const documented = new Set(section.query.map((q) => q.name));
    const params: Schema[] = op.parameters ?? [];
    for (const param of params.filter((p) => p.in === 'query' && !documented.has(p.name))) {
      const note = notesAbout(upper, path).find((n) => n.names.includes(param.name));
      provenance.push({
        change: `removed query parameter ${param.name} of ${op.operationId}`,
        because: `v1.24.md "${section.written}" lists no such parameter${note ? `; ${quote(note)}` : ''}`,
      });
    }
    op.parameters = params.filter((p) => p.in !== 'query' || documented.has(p.name));
    const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
    for (const q of section.query.filter((q) => !known.has(q.name))) {
      if (q.description === EXAMPLE_ONLY) {
        provenance.push({
          change: `not added: ${q.name} to ${op.operationId}`,
          because: `only the example request of v1.24.md "${section.written}" shows it, and v1.25 does not have it`,
        });
        continue;
      }
      if (/^[A-Z]/.test(q.name)) {
        provenance.push({
          change: `not added: ${q.name} to ${op.operationId}`,
          because: `v1.24.md "${section.written}" lists it among query parameters, but it is a JSON body field (capitalised like one)`,
        });
        continue;
      }
      const boolean = /1\/True\/true|true\/false/i.test(q.description);
      op.parameters.push({ name: q.name, in: 'query', description: q.description, type: boolean ? 'boolean' : 'string' });
      provenance.push({
        change: `added query parameter ${q.name} to ${op.operationId}`,
        because: `v1.24.md "${section.written}" lists it: ${q.description.slice(0, 100)}`,
      });
    }
    if (!op.parameters.length) delete op.parameters;
  }
  const removed = new Set<string>();
  for (const note of notes125) removeNewFields(doc, sections, note, provenance, quote, removed);
  pruneExamples(doc, removed, provenance);
  for (const [path, item] of Object.entries<Schema>(doc.paths)) if (!HTTP_METHODS.some((m) => item[m])) delete doc.paths[path];
  for (const section of sections) {
    const exists = Object.entries<Schema>(doc.paths).some(
      ([path, item]) =>
        item[section.method.toLowerCase()] && (normalizePath(path) === section.path || inspectSection(section.method, path) === section),
    );
    if (!exists)
      provenance.push({
        change: `not reconstructed: ${section.method} ${section.written}`,
        because: 'v1.24.md has a section, but v1.25 has no such operation to start from',
      });
  }
  doc.info = { ...doc.info, version: '1.24', title: `${doc.info?.title ?? 'Docker Engine API'} (reconstructed)` };
  doc.basePath = '/v1.24';
  return { doc, provenance };
}

/**
 * The `example` of a schema kept from v1.25 loses the fields v1.24 does not have: the type docs show it, and an
 * example must not show what the version lacks (`ForceUpdate`, `Monitor`, `MaxFailureRatio` in Service's).
 */
function pruneExamples(doc: Swagger, fields: Set<string>, provenance: Provenance[]) {
  const prune = (schema: Schema | undefined, example: unknown, at: string, removed: string[], depth = 0) => {
    const flat = flatten(doc, schema);
    if (depth > 20 || !example || typeof example !== 'object') return;
    if (Array.isArray(example)) {
      for (const item of example) prune(flat.items, item, `${at}[]`, removed, depth + 1);
      return;
    }
    if (!flat.properties || flat.additionalProperties) return;
    for (const key of Object.keys(example)) {
      const value = (example as Record<string, unknown>)[key];
      // Only the fields taken out above: an example's other strays are upstream's, as in v1.25.
      if (fields.has(key) && !(key in flat.properties)) {
        delete (example as Record<string, unknown>)[key];
        removed.push(`${at}.${key}`);
      } else prune(flat.properties[key], value, `${at}.${key}`, removed, depth + 1);
    }
  };
  const visit = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object') return;
    const schema = node as Schema;
    if (schema.example && typeof schema.example === 'object' && (schema.properties || schema.$ref || schema.allOf || schema.items)) {
      const removed: string[] = [];
      prune(schema, schema.example, '', removed);
      if (removed.length)
        provenance.push({
          change: `removed from the example of ${where}: ${removed.join(', ')}`,
          because: 'the fields removed above: v1.24 does not have them',
        });
    }
    for (const [key, child] of Object.entries(schema)) if (key !== 'example') visit(child, where);
  };
  for (const [name, schema] of Object.entries<Schema>(doc.definitions ?? {})) visit(schema, name);
  for (const { method, path, op } of operationsOf(doc)) visit(op, `${method} ${path}`);
}

/** Whether a v1.24.md text shows a field: as a JSON key, a bold parameter name or in backticks. */
const shows = (text: string, name: string) => [`"${name}"`, `**${name}**`, `\`${name}\``].some((form) => text.includes(form));

/** The log's name for a spec field: the same, plural for singular, or abbreviated by segment (`CpuRtRuntime`). */
export const sameField = (written: string, field: string) =>
  written === field || nameKey(written) === nameKey(field) || abbreviates(written, field);

/**
 * The fields a v1.25 note calls new (`now takes `X``) leave v1.24 unless v1.24.md shows them. Where the note names
 * endpoints, the fields are looked for from those endpoints and checked against their sections; where it names none,
 * in the definitions it names (`The `HostConfig` field now includes `NanoCpus``), checked against all of v1.24.md.
 */
function removeNewFields(
  doc: Swagger,
  sections: Section[],
  note: Note,
  provenance: Provenance[],
  quote: (n: Note) => string,
  removed: Set<string>,
) {
  const added = addedNames(note.text).map((n) => n.split('.').pop()!);
  if (!added.length) return;
  const scopes: { label: string; roots: Schema[]; text: string }[] = [];
  for (const { method, path, op } of operationsOf(doc)) {
    if (!note.endpoints.some((e) => e.method === method && e.path === normalizePath(path))) continue;
    const section = sections.find((s) => s.method === method && s.path === normalizePath(path));
    scopes.push({
      label: `reached from ${op.operationId}`,
      text: section?.text ?? '',
      roots: [
        ...(op.parameters ?? []).filter((p: Schema) => p.in === 'body').map((p: Schema) => p.schema),
        ...successResponses(op).map(([, r]) => r.schema),
      ],
    });
  }
  if (!note.endpoints.length) {
    const definitions = Object.keys(doc.definitions ?? {});
    for (const name of note.names) {
      const definition = definitions.find((d) => d.toLowerCase() === name.toLowerCase());
      const text = sections.map((s) => s.text).join('\n');
      if (definition) scopes.push({ label: `in ${definition}`, roots: [doc.definitions![definition]], text });
    }
  }
  const done = new Set<string>();
  for (const written of added) {
    const before = done.size;
    for (const scope of scopes) {
      for (const root of scope.roots) {
        for (const [owner, field] of properties(doc, root)) {
          if (!sameField(written, field) || !owner.properties?.[field]) continue;
          const where = `field ${field} (${scope.label})`;
          if (done.has(where)) continue;
          done.add(where);
          if (shows(scope.text, field)) {
            provenance.push({ change: `kept ${where}`, because: `v1.24.md shows \`${field}\` there, though the ${quote(note)}` });
            continue;
          }
          delete owner.properties[field];
          removed.add(field);
          if (Array.isArray(owner.required)) owner.required = owner.required.filter((r: string) => r !== field);
          const as = written === field ? '' : ` (the log writes \`${written}\`)`;
          provenance.push({ change: `removed ${where}`, because: `${quote(note)}${as}; v1.24.md does not show it there` });
        }
      }
    }
    if (scopes.length && done.size === before) {
      provenance.push({
        change: `nothing to remove for \`${written}\``,
        because:
          `${quote(note)}; v1.25 has no body or answer field of that name there ` +
          '(query parameters come from the lists of v1.24.md; filters and values are not fields)',
      });
    }
  }
}

/** How the JSON examples of v1.24.md agree with the reconstructed response schemas. */
export function checkExamples(doc: Swagger, sections: Section[]): Provenance[] {
  const out: Provenance[] = [];
  let parsed = 0;
  let withExample = 0;
  for (const section of sections) {
    if (!section.example) continue;
    withExample++;
    if (!section.example.parsed) {
      out.push({
        change: `example of ${section.method} ${section.written} not checked`,
        because: `its JSON does not parse: ${section.example.error}`,
      });
      continue;
    }
    parsed++;
    const at = (path: string) =>
      Object.entries<Schema>(doc.paths).find(([p]) => normalizePath(p) === path)?.[1]?.[section.method.toLowerCase()];
    // An inspect section written without its `/json`, as reconstructV124 reads it.
    const entry = at(section.path) ?? (section.method === 'GET' ? at(`${section.path}/json`) : undefined);
    const schema = entry && successResponses(entry)[0]?.[1]?.schema;
    if (!schema) continue;
    const sample = Array.isArray(section.example.parsed) ? section.example.parsed[0] : section.example.parsed;
    if (!sample || typeof sample !== 'object') continue;
    const known = new Set(
      [...properties(doc, Array.isArray(section.example.parsed) ? (schema.items ?? schema) : schema)].map(([, name]) => name),
    );
    const unknown = Object.keys(sample as object).filter((k) => !known.has(k));
    if (unknown.length && known.size)
      out.push({
        change: `example of ${section.method} ${section.written} has fields the schema lacks: ${unknown.join(', ')}`,
        because: 'v1.24.md example; kept as a note, the schema is not widened',
      });
  }
  out.unshift({
    change: `${parsed} of ${withExample} JSON example bodies in v1.24.md parse`,
    because: 'cross-check of the examples against the reconstructed schemas',
  });
  return out;
}
