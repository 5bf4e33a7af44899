// `dockerapi-gen diff A B`: the structural difference between any two versions.
import { apiSpecs } from '../sources.js';
import { readPatches } from '../stages/patches.js';
import { apiModelOf, prepareSpec, readInputs, unpatchedModel, type ApiModel } from '../stages/index.js';
import { diffApis, type ApiDiff } from '../reports/diff.js';
import { markPatchOrigins } from '../reports/patch-origin.js';
import { patchedAs } from '../reports/index.js';
import { diffHtml, diffMarkdown } from '../reports/render.js';
import { ensureSynced } from './common.js';

const renderers: Record<string, (diff: ApiDiff) => string> = {
  md: diffMarkdown,
  html: diffHtml,
  json: (d) => `${JSON.stringify(d, null, 1)}\n`,
};

export async function diffCommand(from: string, to: string, options: { format: string }) {
  const render = renderers[options.format];
  if (!render) throw new Error(`--format ${options.format}: expected md, json or html`);
  const list = await ensureSynced();
  const specs = apiSpecs(list);
  const inputs = await readInputs(await readPatches(), list);
  const models = async (version: string): Promise<[ApiModel, ApiModel]> => {
    const spec = specs.find((s) => s.apiVersion === version);
    if (!spec) throw new Error(`no spec for version "${version}" (have ${specs[0].apiVersion}..${specs.at(-1)!.apiVersion})`);
    const prepared = await prepareSpec(spec, inputs);
    return [apiModelOf(prepared.openapi, spec.file), await unpatchedModel(spec, inputs, prepared)];
  };
  const [[a, upstreamA], [b, upstreamB]] = [await models(from), await models(to)];
  const upstream = diffApis(from, upstreamA, to, upstreamB);
  process.stdout.write(render(markPatchOrigins(diffApis(from, a, to, b), upstream, inputs.patches, patchedAs)));
}
