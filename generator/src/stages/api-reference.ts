// The browsable API reference of a version (reference.html in its package, linked from the reports
// index): every method with its description, parameters and result, every type with its fields, and a
// filter box. One self-contained page per version, built from the same data as the API report.
import type { OpenApi } from '../document/spec.js';
import type { OperationModel } from './operations.js';
import { fieldsOf, resultText, typeText } from './api-report.js';
import { flatten, type Operation } from '../document/walk.js';
import type { FieldSince } from '../facts/fields.js';
import type { Schema } from '../document/spec.js';

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

function methodSection(model: OperationModel, operation: Operation): string {
  const since = (name: string) => model.paramSince?.[name] ?? '';
  const params = operation.parameters.map((p) =>
    row([code(p.name), p.in, code(typeText(p.schema)), p.required ? 'yes' : '', since(p.name), prose(p.description)]),
  );
  const body = operation.op.requestBody;
  if (body) {
    const [mediaType, media] = Object.entries<Schema>(body.content ?? {})[0] ?? [];
    params.push(
      row([code('body'), mediaType ?? 'body', code(typeText(media?.schema)), body.required ? 'yes' : '', '', prose(body.description)]),
    );
  }
  const newer = Object.entries(model.bodySince ?? {}).map(([field, v]) => `${code(field)} ${v}`);
  const facts = [
    code(`${model.method} ${model.path}`),
    model.since ? `since API ${model.since}` : '',
    model.deprecated ? '<strong>deprecated</strong>' : '',
    model.quirks.unsupported ? `<strong>not supported by this client</strong>: ${escapeHtml(model.quirks.unsupported)}` : '',
  ].filter(Boolean);
  return `<section class="item" id="${model.name}" data-name="${model.name.toLowerCase()} ${model.path.toLowerCase()}">
<h3>${code(`${model.name}(params): Promise<${resultText(model, operation.op)}>`)}</h3>
<div class="facts">${facts.join(' · ')}</div>
${prose(model.summary)}${model.description !== model.summary ? prose(model.description) : ''}
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th>since</th><th></th></tr>${params.join('')}</table>` : ''}
${newer.length ? `<div class="facts">body fields newer than the method: ${newer.join(', ')}</div>` : ''}
</section>`;
}

function typeSection(doc: OpenApi, name: string, schema: Schema, later: Record<string, string> = {}): string {
  const flat = flatten(doc, schema);
  const fields = fieldsOf(doc, schema, later).map((f) =>
    row([code(f.name), code(f.type), f.required ? 'yes' : '', f.nullable ? 'yes' : '', f.since ?? '', prose(f.description)]),
  );
  const table = `<table><tr><th>field</th><th>type</th><th>required</th><th>nullable</th><th>since</th><th></th></tr>${fields.join('')}</table>`;
  return `<section class="item" id="type-${name}" data-name="${name.toLowerCase()} ${Object.keys(flat.properties ?? {})
    .join(' ')
    .toLowerCase()}">
<h3>${code(fields.length ? name : `${name} = ${typeText(flat)}`)}</h3>
${prose(schema.description ?? flat.description)}${fields.length ? table : ''}
</section>`;
}

const SCRIPT = `const box = document.getElementById('filter');
const items = [...document.querySelectorAll('.item')];
function apply() {
  const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = 0;
  for (const item of items) {
    const text = item.dataset.name;
    const on = words.every((w) => text.includes(w));
    item.hidden = !on;
    if (on) shown++;
  }
  document.getElementById('count').textContent = shown + ' of ' + items.length;
}
box.addEventListener('input', apply);
apply();`;

export function apiReference(
  apiVersion: string,
  doc: OpenApi,
  operations: Operation[],
  models: OperationModel[],
  schemaSince: FieldSince = {},
): string {
  const byId = new Map(operations.map((o) => [o.id, o]));
  const methods = models.map((m) => methodSection(m, byId.get(m.operationId)!)).join('\n');
  const schemas = Object.entries<Schema>(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const types = schemas.map(([name, schema]) => typeSection(doc, name, schema, schemaSince[name])).join('\n');
  const title = `@dockerapi/v${apiVersion}: API reference`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;max-width:80rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
td p{margin:0}code{font-size:12px}.facts{color:#555;font-size:13px}.item{border-top:1px solid #eee;padding:.3rem 0}
h3{margin:.3rem 0;font-weight:normal}#bar{position:sticky;top:0;background:#fff;padding:.4rem 0}
</style></head>
<body><h1>${escapeHtml(title)}</h1>
<div id="bar"><label>Filter <input id="filter" placeholder="method, path, type or field name"></label> <span id="count"></span></div>
<h2>Methods (${models.length})</h2>
${methods}
<h2>Types (${schemas.length})</h2>
${types}
<script>${SCRIPT}</script>
</body></html>
`;
}
