// Types that turn openapi-typescript's operation shapes into one flat params object.
import type { Readable } from 'node:stream';

/** A payload sent as-is: a tar archive, image data, or a stream of either. */
// AsyncIterable<any>: streams from other libraries (tar-stream's streamx) iterate untyped chunks.
export type BinaryBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array> | AsyncIterable<any>;

// biome-ignore lint/complexity/noBannedTypes: {} is what an intersection leaves unchanged (no such parameters)
type Part<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;

type Operation = { parameters: Record<string, unknown> };

/** Path, query and header parameters of an operation, by their names in the spec. */
export type Params<Op extends Operation> = PathParams<Op> & QueryParams<Op> & HeaderParams<Op>;

// A version package's `XxxParams` interface extends the three parts apart: an interface with no
// members of its own and a single base is printed as that base in errors (`Params<{ parameters: ...
// }>`), one with several keeps its name.
export type PathParams<Op extends Operation> = Part<Op['parameters']['path']>;
export type QueryParams<Op extends Operation> = Part<Op['parameters']['query']>;
export type HeaderParams<Op extends Operation> = Part<Op['parameters']['header']>;
