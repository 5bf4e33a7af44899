// The one way to render a file of templates/: a handlebars template holds the layout, and every string
// it places is computed by its caller (no escaping here: HTML views escape what they compute).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { repoRoot } from './document/sources.js';

export const templatesDir = path.join(repoRoot, 'templates');

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders `templates/<name>` (`README.md.hbs`, `reports/page.html.hbs`) with `view`; a name it lacks is an error. */
export function renderTemplate(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = Handlebars.compile(readFileSync(path.join(templatesDir, name), 'utf8'), { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(view);
}
