// Reading a whole answer body, whichever transport made it: undici's bodies read themselves, a
// node:http answer is collected here.
import type { Readable } from 'node:stream';

/** undici's body: a Readable that can read itself whole. */
interface SelfReading extends Readable {
  text(): Promise<string>;
}

const selfReading = (body: Readable): body is SelfReading => typeof (body as Partial<SelfReading>).text === 'function';

/** The whole body as UTF-8 text. */
export function bodyText(body: Readable): Promise<string> {
  if (selfReading(body)) return body.text();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.on('error', reject);
    // One chunk is the common case (a short JSON answer): no copy.
    body.once('end', () => resolve((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString()));
  });
}

/**
 * Reads the body to its end and drops it, so its connection can carry the next request. Not undici's
 * dump(): it resolves however the body ends, so a cut answer or an abort would pass for an empty one.
 */
export function discardBody(body: Readable): Promise<void> {
  if (body.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    body.on('error', reject);
    body.once('end', () => resolve());
    body.resume();
  });
}

const ignore = () => undefined;

/**
 * Lets a body go without reading it: destroyed, which closes its connection. undici raises an error
 * for a body destroyed before its end; it is the release asked for here, so it is listened to.
 */
export function releaseBody(body: Readable): void {
  body.on('error', ignore);
  body.destroy();
}
