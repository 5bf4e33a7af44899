// Reads a successful answer by the operation's response kind: a JSON document, text, nothing, a
// path-stat header, a JSON-lines stream, demultiplexed output, or the raw body.
import type { Readable } from 'node:stream';
import { bodyText, discardBody } from './http-body.js';
import type { RawResponse } from './wire.js';
import { InvalidAnswerError, requestLine, type RequestInfo } from './errors.js';
import { JsonStream } from './json-stream.js';
import { MULTIPLEXED, OutputStreams, RAW } from './demux.js';
import { decodePathStat, type PathStat } from './tar.js';
import { compareVersions } from './negotiate.js';
import { readField } from './fields.js';
import type { OperationDescriptor, ResponseKind } from './operation.js';
import { AnswerBody } from './answer-body.js';
import type { CallGuard } from './call-guard.js';

/** A response whose body the caller reads: tar archives and exported images. */
export interface StreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  /** Decoded `X-Docker-Container-Path-Stat`, on container archive answers. */
  pathStat?: PathStat;
}

type Params = Record<string, any>;

/** Calls another operation of the same package by its method name (`containerInspect`). */
export type CallByName = (name: string, params: Params, options?: { signal?: AbortSignal }) => Promise<unknown>;

/** What reading an answer needs beyond the response itself. */
export interface AnswerContext {
  op: OperationDescriptor;
  params: Params;
  version: string;
  info: RequestInfo;
  guard: CallGuard;
  callByName: CallByName;
}

/** From 1.42 the engine says in the Content-Type whether output is multiplexed; before, the TTY setting tells. */
const CONTENT_TYPE_TELLS = '1.42';

/** The answers read whole; the rest are streams. */
const WHOLE_ANSWERS = new Set(['json', 'text', 'empty', 'path-stat']);

/** Whether this answer is read as a stream (then the call's timeout stops at the headers). */
export function isStreamAnswer(op: OperationDescriptor, params: Params): boolean {
  return !WHOLE_ANSWERS.has(answerKind(op, params));
}

/** How the answer is read: as the operation says, unless a parameter turned its stream off. */
function answerKind(op: OperationDescriptor, params: Params): ResponseKind {
  // A stream that the caller turned off (`stream: false` of stats) is one JSON document.
  if (op.streamParam && params[op.streamParam] === false) return 'json';
  // A hijacking operation reaches here only detached (`Detach` of exec start): it answers at once, with nothing to read.
  if (op.response === 'hijack') return 'empty';
  return op.response;
}

export async function readAnswer(response: RawResponse, context: AnswerContext): Promise<unknown> {
  const { op, params, info } = context;
  const { statusCode, headers, body } = response;
  switch (answerKind(op, params)) {
    case 'json':
      return parseJson(await bodyText(body), statusCode, info);
    case 'text':
      return bodyText(body);
    case 'empty':
      await discardBody(body);
      return undefined;
    case 'path-stat':
      await discardBody(body);
      return decodePathStat(headers['x-docker-container-path-stat']);
    case 'json-stream':
      return new JsonStream(statusCode, headers, body, info);
    case 'multiplexed-stream':
      return new OutputStreams(body, await isMultiplexed(headers['content-type'], context), info);
    default:
      return {
        statusCode,
        headers,
        body: new AnswerBody(body, { ...info, signal: context.guard.signal }),
        pathStat: decodePathStat(headers['x-docker-container-path-stat']),
      } satisfies StreamResponse;
  }
}

function parseJson(text: string, statusCode: number, info: RequestInfo): unknown {
  if (!text) {
    if (statusCode === 204) return undefined;
    const problem = `the engine answered ${statusCode} with an empty body where JSON is due`;
    throw new InvalidAnswerError(`${requestLine(info)}: ${problem}`, info);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    const problem = `the answer is not JSON (${(error as Error).message}): ${shown}`;
    throw new InvalidAnswerError(`${requestLine(info)}: ${problem}`, info, { cause: error });
  }
}

/**
 * Whether process output is multiplexed: the Content-Type says so from 1.42; before, older
 * engines say raw-stream either way, so the operation's `tty` source tells.
 */
export async function isMultiplexed(contentType: unknown, context: AnswerContext): Promise<boolean> {
  if (contentType === MULTIPLEXED) return true;
  if (contentType === RAW && compareVersions(context.version, CONTENT_TYPE_TELLS) >= 0) return false;
  const { tty } = context.op;
  if (!tty) return true;
  const { params } = context;
  if (tty.body && typeof params.body?.[tty.body] === 'boolean') return !params.body[tty.body];
  const answer = await context.callByName(tty.inspect, { id: params.id }, { signal: context.guard.signal });
  return !readField(answer, tty.field);
}
