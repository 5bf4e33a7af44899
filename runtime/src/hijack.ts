// Attach and exec start take over the connection: after `101 UPGRADED` the socket carries the
// process's stdin one way and its (multiplexed, unless TTY) output the other.
import type { Duplex } from 'node:stream';
import { OutputStreams } from './demux.js';

/** A process attached over a hijacked connection. */
export class HijackedStream {
  /** The raw duplex: write stdin to it, or use `output` to read. */
  readonly socket: Duplex;
  readonly output: OutputStreams;
  readonly #wait: () => Promise<number>;
  readonly #resize: (size: { h: number; w: number }) => Promise<void>;

  constructor(socket: Duplex, multiplexed: boolean, wait: () => Promise<number>, resize: (size: { h: number; w: number }) => Promise<void>) {
    this.socket = socket;
    this.output = new OutputStreams(socket, multiplexed);
    this.#wait = wait;
    this.#resize = resize;
  }

  /** Writes to the process's stdin. */
  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * Closes stdin only (a TCP half-close): the process sees end-of-file and its remaining output
   * still arrives, which is what `docker exec -i` does and what an abrupt close would cut off.
   */
  closeStdin(): void {
    this.socket.end();
  }

  /** Resizes the process's TTY. */
  resize(size: { h: number; w: number }): Promise<void> {
    return this.#resize(size);
  }

  /** The exit code, once the process has exited. */
  exitCode(): Promise<number> {
    return this.#wait();
  }

  close(): void {
    this.socket.destroy();
  }
}
