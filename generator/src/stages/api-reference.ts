// The view of the browsable API reference (reference.html in each package, linked from the reports
// index), from the package's surface (surface.ts), for templates/reference.html.hbs: every method with
// its description, parameters and result, every type with its fields. The page is self-contained.
import type { MethodSurface, Surface, TypeSurface } from './surface.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Descriptions are Markdown; shown as plain paragraphs, with `code` kept apart. */
const prose = (text: string | undefined) =>
  text
    ? text
        .trim()
        .split(/\n\s*\n/)
        .map((p) => `<p>${escapeHtml(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
        .join('')
    : '';
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;

function methodView(m: MethodSurface) {
  const facts = [
    code(`${m.method} ${m.path}`),
    m.since ? `since API ${m.since}` : '',
    m.deprecated ? '<strong>deprecated</strong>' : '',
    m.unsupported ? `<strong>not supported by this client</strong>: ${escapeHtml(m.unsupported)}` : '',
  ].filter(Boolean);
  return {
    name: m.name,
    search: `${m.name.toLowerCase()} ${m.path.toLowerCase()}`,
    heading: code(`${m.name}(params): Promise<${m.result}>`),
    facts: facts.join(' · '),
    prose: `${prose(m.summary)}${m.description !== m.summary ? prose(m.description) : ''}`,
    params: m.params.map((p) =>
      row([
        code(p.name),
        p.in === 'body' ? (p.mediaType ?? 'body') : p.in,
        code(p.type),
        p.required ? 'yes' : '',
        p.since ?? '',
        prose(p.description),
      ]),
    ),
    newer: m.bodySince.map((f) => `${code(f.field)} ${f.since}`).join(', '),
  };
}

function typeView(t: TypeSurface) {
  return {
    name: t.name,
    search: `${t.name.toLowerCase()} ${t.fieldNames.join(' ').toLowerCase()}`,
    heading: code(t.fields.length ? t.name : `${t.name} = ${t.alias}`),
    prose: prose(t.description),
    fields: t.fields.map((f) =>
      row([code(f.name), code(f.type), f.required ? 'yes' : '', f.nullable ? 'yes' : '', f.since ?? '', prose(f.description)]),
    ),
  };
}

export function apiReferenceView(title: string, surface: Surface) {
  return {
    title: escapeHtml(`@dockerapi/v${title}: API reference`),
    methods: surface.methods.map(methodView),
    types: surface.types.map(typeView),
  };
}
