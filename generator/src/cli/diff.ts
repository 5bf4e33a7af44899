// `dockerapi-gen diff A B`: the structural difference between any two versions, from the specs.
import { apiSpecs } from '../document/sources.js';
import { apiModelOf, prepareSpec, unpatchedModel, type ApiModel } from '../stages/index.js';
import { readInputs } from '../stages/inputs.js';
import { readDocumentInputs } from '../document/document.js';
import { diffRenderers, diffVersions } from '../reports/diff-data.js';
import { ensureSynced } from './common.js';

export async function diffCommand(from: string, to: string, options: { format: string }) {
  const render = diffRenderers[options.format];
  if (!render) throw new Error(`--format ${options.format}: expected md, json or html`);
  const list = await ensureSynced();
  const specs = apiSpecs(list);
  const inputs = await readInputs(await readDocumentInputs(list));
  // Each model with its unpatched twin: what the patches made is what upstream's own diff lacks.
  const model = async (version: string): Promise<ApiModel> => {
    const spec = specs.find((s) => s.apiVersion === version);
    if (!spec) throw new Error(`no spec for version "${version}" (have ${specs[0].apiVersion}..${specs.at(-1)!.apiVersion})`);
    const prepared = await prepareSpec(spec, inputs);
    return { ...apiModelOf(prepared.openapi, spec.file), unpatched: await unpatchedModel(spec, inputs, prepared) };
  };
  process.stdout.write(render(diffVersions(from, await model(from), to, await model(to), inputs.patches)));
}
