// HTTP to the engine over unix sockets, TCP, TLS or ssh, through one of two wires. node:http costs
// nothing to load and reads large answers with less CPU (its parser is native; undici copies every
// byte into its WebAssembly parser); undici takes less CPU per request when many run at once, but
// costs ~0.05-0.15 s and ~10-20 MB to load (its pool alone) and compile its parser. `auto` (the default) starts on
// node:http and loads undici in the background once several calls run at once: new requests then go
// through undici. A script, or a program that calls one at a time, never loads it.
import type { Endpoint } from './host.js';
import type { TlsMaterial } from './config.js';
import type { EncodedRequest } from './encode.js';
// Imported statically though used late: they load nothing heavy themselves (undici comes through
// loadUndici), and a bundle that inlines lazy imports may place them after a program's top-level await.
import { SshBridge } from './ssh.js';
import { HttpWire } from './http-transport.js';
import { UndiciWire } from './undici-transport.js';
import { loadUndiciPool, warnStayingOnHttp } from './undici.js';
import type { Dial, PoolSettings, RawResponse, StopSignal, UpgradeResult, Wire } from './wire.js';
import { ConnectionSettingsError, InvalidOptionError } from './errors.js';
import { checkMilliseconds } from './options.js';

export type { RawResponse, UpgradeResult } from './wire.js';

/** Connections a client opens at most by default; more calls in flight wait for one. */
export const DEFAULT_MAX_CONNECTIONS = 64;

export type TransportKind = 'auto' | 'http' | 'undici';
const KINDS: readonly TransportKind[] = ['auto', 'http', 'undici'];

/** `auto` moves to undici when this many requests are in flight at once. */
const AUTO_IN_FLIGHT = 8;

export interface TransportOptions {
  tls?: TlsMaterial;
  /** Milliseconds to establish a connection (default 10 s). */
  connectTimeout?: number;
  /** Connections open at most (default 64); hijacked ones leave the pool and do not count. */
  maxConnections?: number;
  /** Which HTTP client sends requests (default `auto`, or the DOCKERAPI_TRANSPORT environment variable). */
  transport?: TransportKind;
}

export class Transport {
  readonly kind: TransportKind;
  readonly #endpoint: Endpoint;
  readonly #tls?: TlsMaterial;
  readonly #settings: PoolSettings;
  #dial?: Dial;
  #ssh?: SshBridge;
  #ready?: Promise<void>;
  #http?: HttpWire;
  #undici?: UndiciWire;
  #loadingUndici?: Promise<UndiciWire>;
  #closed = false;

  constructor(endpoint: Endpoint, options: TransportOptions = {}) {
    const connections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    if (!Number.isInteger(connections) || connections < 1) {
      throw new InvalidOptionError('maxConnections', `must be a positive integer, got ${options.maxConnections}`);
    }
    const kind = options.transport ?? (process.env.DOCKERAPI_TRANSPORT as TransportKind | undefined) ?? 'auto';
    if (!KINDS.includes(kind)) {
      const problem = `must be 'auto', 'http' or 'undici', got ${JSON.stringify(kind)}`;
      if (options.transport) throw new InvalidOptionError('transport', problem);
      throw new ConnectionSettingsError(`DOCKERAPI_TRANSPORT ${problem}`);
    }
    this.kind = kind;
    this.#endpoint = endpoint;
    this.#tls = options.tls;
    this.#settings = { connectTimeout: checkMilliseconds('connectTimeout', options.connectTimeout) ?? 10_000, connections };
    // Sockets and TCP need no set-up: the first request goes straight out.
    if (endpoint.kind !== 'ssh')
      this.#dial = endpoint.kind === 'tcp' ? { origin: endpoint.origin, tls: this.#tls } : { socketPath: endpoint.socketPath };
  }

  /** Why an ssh connection failed, if one did: ssh's own words. */
  get sshFailure(): string | undefined {
    return this.#ssh?.lastFailure;
  }

  /** Waits until the connection can be dialled (the ssh bridge listens). */
  ready(): Promise<void> {
    if (this.#dial) return Promise.resolve();
    this.#ready ??= this.#startSsh();
    return this.#ready;
  }

  async #startSsh(): Promise<void> {
    this.#ssh = new SshBridge(this.#endpoint as Extract<Endpoint, { kind: 'ssh' }>);
    await this.#ssh.listen();
    this.#dial = { socketPath: this.#ssh.socketPath };
  }

  /**
   * The wire for the next request, moving `auto` to undici once calls run several at once. Not a
   * promise when the wire is at hand, as it is for every request but the first few.
   */
  #wire(): Wire | Promise<Wire> {
    if (!this.#dial) return this.ready().then(() => this.#wire());
    if (this.#undici) return this.#undici;
    if (this.kind === 'undici') return this.#undiciWire();
    if (this.kind === 'auto' && (this.#http?.inFlight ?? 0) + 1 >= AUTO_IN_FLIGHT) {
      // In the background: requests keep going over node:http until undici is ready.
      this.#undiciWire().catch(warnStayingOnHttp);
    }
    this.#http ??= new HttpWire(this.#dial!, this.#settings);
    return this.#http;
  }

  #undiciWire(): Promise<UndiciWire> {
    this.#loadingUndici ??= loadUndiciPool().then((undici) => {
      this.#undici = new UndiciWire(undici, this.#dial!, this.#settings);
      // node:http's idle connections close; its busy ones when their answers end.
      void this.#http?.close();
      if (this.#closed) void this.#undici.close();
      return this.#undici;
    });
    return this.#loadingUndici;
  }

  request(request: EncodedRequest, signal?: StopSignal): Promise<RawResponse> {
    // Once on undici nothing is left to choose: straight through.
    if (this.#undici) return this.#undici.request(request, signal);
    const wire = this.#wire();
    return wire instanceof Promise ? wire.then((ready) => ready.request(request, signal)) : wire.request(request, signal);
  }

  /**
   * An HTTP upgrade (attach, exec start): on 101 the socket becomes a raw duplex stream; an error
   * status comes back with (the start of) its body, so the caller can raise the engine's error.
   * A success that is not 101 means something between dropped the upgrade: that is refused at
   * once rather than read as a body that may never end.
   */
  async upgrade(request: EncodedRequest, signal?: StopSignal): Promise<UpgradeResult> {
    return (await this.#wire()).upgrade(request, signal);
  }

  /**
   * The undici pool, for protocols that dial through it themselves (websocket attach); loads undici.
   * @internal Left out of the declarations (stripInternal), which would else name undici's Pool and
   * make a consumer's compiler load all of undici's declarations.
   */
  async dispatcher(): Promise<UndiciWire['pool']> {
    await this.ready();
    return (await this.#undiciWire()).pool;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.#http?.close(), this.#undici?.close()]);
    this.#ssh?.close();
  }
}
