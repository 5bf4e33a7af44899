// The view of the reviewable API report (API.md in each package, committed as api/v1.NN.md), from the
// package's surface (surface.ts), for templates/API.md.hbs: one line per method, parameter, later body
// field and type field, so that a one-field change is a one-line diff.
import type { MethodSurface, Surface } from './surface.js';

const since = (version: string | undefined) => (version ? ` (since ${version})` : '');

/** `name()`, `name(params?)` or `name(params)`: whether there are parameters to pass, and whether they must be. */
const callOf = ({ name, params, model }: MethodSurface) => `${name}(${params.length ? (model.paramsRequired ? 'params' : 'params?') : ''})`;

export function apiReportView(title: string, surface: Surface) {
  return {
    title,
    methods: surface.methods.map((m) => ({
      signature: `${callOf(m)}: ${m.result}`,
      where: `${m.method} ${m.path}${m.since ? `, since ${m.since}` : ''}${m.deprecated ? ', deprecated' : ''}`,
      lines: [
        ...m.params.map((p) => `${p.name}${p.required ? '' : '?'}: ${p.in} ${p.type}${p.mediaType ? ` (${p.mediaType})` : since(p.since)}`),
        ...m.bodySince.map((f) => `body.${f.field}${since(f.since)}`),
      ],
    })),
    types: surface.types.map((t) => ({
      heading: t.fields.length ? t.name : `${t.name} = ${t.alias}${t.nullable ? ', nullable' : ''}`,
      fields: t.fields.map(
        (f) => `${f.name}${f.required ? '' : '?'}: ${f.type}${f.nullable ? ', nullable' : ''}${f.since ? `, since ${f.since}` : ''}`,
      ),
    })),
  };
}
