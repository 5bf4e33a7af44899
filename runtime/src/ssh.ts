// ssh:// hosts, the way the Docker CLI reaches them: the system `ssh` (so ~/.ssh/config, agents and
// known_hosts all apply) runs `docker system dial-stdio` on the remote host, and its stdio is the
// connection. No native module is involved.
//
// The HTTP client wants a real socket, so each client gets a private unix socket bridge: every
// connection made to it is one ssh process, piped both ways.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sshCommand, type Endpoint } from './host.js';

/**
 * As the CLI runs ssh: giving up on a host that does not answer after 30 s (the CLI's ConnectTimeout),
 * no terminal (-T); and never prompting (BatchMode: there is no terminal to answer on).
 */
export const SSH_OPTIONS = ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-T'];

/** ssh's refusals that come from a question BatchMode kept it from asking, with what to do instead. */
const PROMPTS: [RegExp, (destination: string) => string][] = [
  [
    /Host key verification failed/,
    (destination) =>
      `ssh would have asked whether to trust the host key of ${destination}, but runs with BatchMode=yes:` +
      ` add the key to known_hosts first (connect once with ssh ${destination}, or ssh-keyscan)`,
  ],
  [
    /Permission denied/,
    () =>
      'ssh would have asked for a password or a key passphrase, but runs with BatchMode=yes:' +
      ' use a key ssh can take without asking (loaded in ssh-agent, or without a passphrase)',
  ],
];

/** ssh's own words, and what they mean when it failed for a question it could not ask. */
export function sshFailure(destination: string, code: number, stderr: string): string {
  const said = stderr.trim();
  const prompt = PROMPTS.find(([pattern]) => pattern.test(said));
  return `ssh ${destination} exited with ${code}: ${said}${prompt ? ` (${prompt[1](destination)})` : ''}`;
}

export class SshBridge {
  readonly socketPath: string;
  /** Why the last ssh process failed, for the connection error (ssh explains itself on stderr). */
  lastFailure?: string;
  readonly #server: net.Server;
  readonly #dir: string;
  #listening?: Promise<void>;

  constructor(endpoint: Extract<Endpoint, { kind: 'ssh' }>) {
    this.#dir = mkdtempSync(path.join(os.tmpdir(), 'dockerapi-ssh-'));
    this.socketPath = path.join(this.#dir, 'bridge.sock');
    const args = [...SSH_OPTIONS, ...sshCommand(endpoint)];
    this.#server = net.createServer((socket) => this.#bridge(socket, endpoint.destination, args));
  }

  /** One connection: one ssh process, piped both ways. */
  #bridge(socket: net.Socket, destination: string, args: string[]): void {
    // node:child_process only once ssh is run: a program that never reaches an ssh host does not load it.
    const child = process.getBuiltinModule('node:child_process').spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // ssh that exits before reading (closed port, refused key, unknown host) makes writes to its
    // stdin fail with EPIPE; its exit, below, is what explains the failure.
    child.stdin.on('error', () => undefined);
    child.stdout.on('error', () => undefined);
    // Only a working connection clears an earlier failure: with calls in flight at once, a new
    // connection must not wipe the reason another one is about to report.
    child.stdout.once('data', () => {
      this.lastFailure = undefined;
    });
    child.on('error', (error) => {
      this.lastFailure = `cannot run ssh: ${error.message}`;
      socket.destroy();
    });
    // 'close' comes after ssh's output is all read: record why it failed before the socket ends,
    // so the connection error can say it.
    child.on('close', (code) => {
      if (code) this.lastFailure = sshFailure(destination, code, stderr);
      socket.end();
    });
    socket.pipe(child.stdin);
    child.stdout.pipe(socket, { end: false });
    socket.on('close', () => child.kill());
    socket.on('error', () => child.kill());
  }

  /** Starts listening (once); the transport connects only after this. */
  listen(): Promise<void> {
    this.#listening ??= new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.socketPath, () => resolve());
      this.#server.unref();
    });
    return this.#listening;
  }

  close(): void {
    this.#server.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
