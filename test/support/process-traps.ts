// Fails a test on what would kill a program: an 'error' event nobody listened to, or a rejection
// nobody awaited. Installed around each test; vitest's own report would come only at the end.
import { afterEach, beforeEach, expect } from 'vitest';

export function trapProcessFailures(): void {
  const caught: unknown[] = [];
  const onFailure = (error: unknown) => caught.push(error);
  beforeEach(() => {
    caught.length = 0;
    process.on('uncaughtException', onFailure);
    process.on('unhandledRejection', onFailure);
  });
  afterEach(async () => {
    // A rejection is reported unhandled only after the microtasks of its turn: give it one more turn.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('uncaughtException', onFailure);
    process.off('unhandledRejection', onFailure);
    expect(caught.map(String)).toEqual([]);
  });
}
