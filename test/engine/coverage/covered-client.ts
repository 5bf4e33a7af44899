// A client whose every answered call is checked and written down: JSON answers (and each item of
// a JSON-lines answer) must conform to the response schema of the API version they were requested
// at, else the call rejects; what conformed is recorded for the coverage check.
import type { ClientCore, OperationDescriptor } from '@dockerapi/runtime';
import { ResponseValidator } from '../response-schema.ts';
import { recordAnswer, recordCoverage, recordProblems, type Validation } from './record.ts';
import { normaliseAnswer } from './normalise.ts';

const validators = new Map<string, Promise<ResponseValidator>>();
const validatorFor = (version: string) => {
  if (!validators.has(version)) validators.set(version, ResponseValidator.forVersion(version));
  return validators.get(version)!;
};

interface Engine {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
}
const engines = new Map<string, Promise<Engine>>();

/** Thrown when an answer does not conform; its message lists every schema rule broken. */
export class NonConformingAnswerError extends Error {
  constructor(
    operation: string,
    version: string,
    engine: string,
    readonly problems: string[],
  ) {
    super(`${operation} answered by Engine ${engine} at v${version} breaks its schema:\n${problems.join('\n')}`);
    this.name = 'NonConformingAnswerError';
  }
}

type Call = ClientCore['call'];

/** Wraps `client.call` so that every operation it sends is validated and recorded. */
export function covered<T extends ClientCore>(client: T): T {
  const call: Call = client.call.bind(client);
  const engine = () => {
    const key = client.endpoint.address;
    const probe = { id: 'SystemVersion', method: 'GET', path: '/version', response: 'json' } as const;
    if (!engines.has(key)) engines.set(key, call(probe) as Promise<Engine>);
    return engines.get(key)!;
  };
  client.call = async (op: OperationDescriptor, params?: Record<string, any>, options?: Parameters<Call>[2]) => {
    const answer = await call(op, params, options);
    const [version, { Version: engineVersion, ApiVersion: engineApiVersion, MinAPIVersion: engineMinApiVersion }] = await Promise.all([
      client.apiVersion(),
      engine(),
    ]);
    const validator = await validatorFor(version);
    const where = { operation: op.id, apiVersion: version, engine: engineVersion };
    const record = (validation: Validation) => recordCoverage({ ...where, engineApiVersion, engineMinApiVersion, validation });
    const conform = (item: unknown) => {
      const problems = validator.check(op.id, item);
      if (process.env.DOCKERAPI_RECORD_ANSWERS) recordAnswer({ ...where, answer: normaliseAnswer(item) });
      if (problems.length) recordProblems({ ...where, problems, answer: item });
      if (problems.length && !process.env.DOCKERAPI_SCHEMA_REPORT_ONLY) {
        throw new NonConformingAnswerError(op.id, version, engineVersion, problems);
      }
    };
    const schema = validator.hasSchema(op.id);
    if (op.response === 'json' || (op.response === 'json-stream' && !isStream(answer))) {
      if (!schema) return record('unschemed'), answer;
      conform(answer);
      record('schema');
    } else if (op.response === 'json-stream') {
      return validatingItems(answer as AsyncIterable<unknown>, schema ? conform : undefined, () => record(schema ? 'schema' : 'unschemed'));
    } else {
      record(op.response === 'empty' || op.response === 'text' || op.response === 'path-stat' ? 'empty' : 'stream');
    }
    return answer;
  };
  return client;
}

const isStream = (value: unknown) => typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';

/** The same stream, its items checked as they are read; `done` is told once the first item conformed. */
function validatingItems(stream: AsyncIterable<unknown>, conform: ((item: unknown) => void) | undefined, done: () => void) {
  const iterate = stream[Symbol.asyncIterator].bind(stream);
  let recorded = false;
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: async function* () {
      for await (const item of { [Symbol.asyncIterator]: iterate }) {
        conform?.(item);
        if (!recorded) done(), (recorded = true);
        yield item;
      }
    },
  });
  return stream;
}
