// How a client method is declared: its doc comment (summary, description, endpoint, `@since`,
// `@deprecated`) and its overloads' parameter and result types.
import type { OperationModel } from './operations.js';
import type { OperationTypes } from './operation-types.js';

/** Text safe inside a `/** ... *\/` comment, one entry per line. */
export function docLines(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/\*\//g, '*\\/')
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd());
}

export function operationDoc(op: OperationModel): string[] {
  const lines = docLines(op.summary);
  const description = docLines(op.description);
  if (description.length && description.join('\n') !== lines.join('\n')) {
    if (lines.length) lines.push('');
    lines.push(...description);
  }
  if (lines.length) lines.push('');
  lines.push(`\`${op.method} ${op.path}\` (${op.operationId})`);
  if (op.quirks.unsupported) lines.push(`Not supported by this client: ${op.quirks.unsupported}`);
  // As the fields say it: an editor shows the tags on hover, and strikes a deprecated method through.
  if (op.since) lines.push(`@since ${op.since}`);
  if (op.deprecated) lines.push('@deprecated');
  return lines;
}

export interface Signature {
  paramsRequired: boolean;
  paramsType: string;
  resultType: string;
}

/** The method's result: the named answer type inside whatever carries it. */
export function resultType(op: OperationModel, answer = 'unknown'): string {
  if (op.quirks.unsupported) return 'never';
  switch (op.response.kind) {
    case 'json':
      return answer;
    case 'text':
      return 'string';
    case 'empty':
      return 'void';
    case 'binary':
      return 'BinaryResponse';
    case 'json-stream':
      return `JsonStream<${answer}>`;
    case 'multiplexed-stream':
      return 'OutputStreams';
    case 'hijack':
      // A websocket carries output and stdin only: no exit code, half-close or resize.
      return op.quirks.upgrade === 'websocket' ? 'WebSocketStream' : 'HijackedStream';
    case 'path-stat':
      return 'PathStat | undefined';
  }
}

/**
 * A method's declarations: with `streamParam`, first an overload for `false` that answers one item;
 * with `detach`, first an overload for a body that sets it, which answers nothing.
 */
export function signatures(op: OperationModel, types: Pick<OperationTypes, 'params' | 'answer'>): Signature[] {
  const paramsType = types.params ?? 'Record<string, never>';
  const main = { paramsRequired: op.paramsRequired, paramsType, resultType: resultType(op, types.answer) };
  const { streamParam, detach } = op.quirks;
  if (detach && op.response.kind === 'hijack' && !op.quirks.unsupported) {
    return [{ paramsRequired: true, paramsType: `${paramsType} & { body: { ${detach}: true } }`, resultType: 'void' }, main];
  }
  if (!streamParam || op.response.kind !== 'json-stream') return [main];
  const single = { paramsRequired: true, paramsType: `${paramsType} & { ${streamParam}: false }`, resultType: types.answer ?? 'unknown' };
  return [single, main];
}
