import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { IDX_DTYPES, idxDtypeByCode, idxDtypeOfData, idxDtypeSpecOf } from './idx-dtypes.js';
import type { IdxData } from './idx-dtypes.js';

/** An n-dimensional array as an IDX file holds it: its shape and its elements in row-major order. */
export interface IdxArray {
  shape: number[];
  data: IdxData;
}

/** What parseIdx and readIdx check beyond the format itself. */
export interface IdxExpectation {
  /** The number of dimensions the file must have, e.g. 3 for MNIST images. */
  rank?: number;
}

/** Options of formatIdx and writeIdx. */
export interface IdxWriteOptions {
  /** gzip the file, as the MNIST downloads are (default false). */
  gzip?: boolean;
}

// An IDX file: magic 00 00 <type code> <rank>, then rank big-endian uint32 dimension sizes, then the
// elements, big-endian, row-major.
const MAGIC_BYTES = 4;
const DIMENSION_BYTES = 4;

/**
 * Reads an IDX file, gzip-compressed (told by its first bytes 1f 8b) or raw, of any element type and
 * rank. `name` is the file as errors should name it.
 */
export function parseIdx(bytes: Uint8Array, name: string, expect: IdxExpectation = {}): IdxArray {
  const where = `idx: ${name}`;
  const raw = isGzip(bytes) ? gunzip(bytes, where) : bytes;
  if (raw.length < MAGIC_BYTES) throw new Error(`${where}: ${raw.length} bytes, too short for the 4-byte IDX magic`);
  const magic = Array.from(raw.subarray(0, MAGIC_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  const spec = idxDtypeByCode(raw[2] as number);
  if (raw[0] !== 0 || raw[1] !== 0 || !spec) {
    const codes = IDX_DTYPES.map((known) => `${known.code.toString(16).padStart(2, '0')} (${known.dtype})`).join(', ');
    throw new Error(`${where}: bad magic ${magic}, expected 00 00 <type> <rank> with type one of ${codes}`);
  }
  const rank = raw[3] as number;
  if (expect.rank !== undefined && rank !== expect.rank) {
    throw new Error(`${where}: ${rank} dimensions, expected ${expect.rank}`);
  }
  const dataStart = MAGIC_BYTES + rank * DIMENSION_BYTES;
  if (raw.length < dataStart) throw new Error(`${where}: truncated header: ${rank} dimensions need ${dataStart} bytes, the file has ${raw.length}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: rank }, (_, d) => view.getUint32(MAGIC_BYTES + d * DIMENSION_BYTES));
  const length = shape.reduce((product, size) => product * size, 1);
  const dataBytes = length * spec.bytes;
  const actual = raw.length - dataStart;
  if (actual !== dataBytes) {
    const problem = actual < dataBytes ? 'truncated data' : 'trailing bytes';
    throw new Error(`${where}: ${problem}: shape [${shape.join(', ')}] of ${spec.dtype} needs ${dataBytes} bytes after the header, ${actual} follow`);
  }
  const data = spec.create(length);
  const body = new DataView(raw.buffer, raw.byteOffset + dataStart, dataBytes);
  for (let i = 0; i < length; i++) data[i] = spec.get(body, i);
  return { shape, data };
}

/** Reads an IDX file; see parseIdx. */
export function readIdx(path: string, expect: IdxExpectation = {}): IdxArray {
  return parseIdx(readFileSync(path), path, expect);
}

/** The bytes of an IDX file holding `array`, its type taken from the typed array. */
export function formatIdx(array: IdxArray, options: IdxWriteOptions = {}): Uint8Array {
  const { shape, data } = array;
  const length = shape.reduce((product, size) => product * size, 1);
  if (shape.some((size) => !Number.isInteger(size) || size < 0 || size > 0xffffffff)) {
    throw new Error(`formatIdx: shape [${shape.join(', ')}] must be integers in [0, 2^32)`);
  }
  if (shape.length > 255) throw new Error(`formatIdx: ${shape.length} dimensions, IDX allows at most 255`);
  if (data.length !== length) throw new Error(`formatIdx: ${data.length} ${idxDtypeOfData(data)} values, shape [${shape.join(', ')}] needs ${length}`);
  const spec = idxDtypeSpecOf(data);
  const dataStart = MAGIC_BYTES + shape.length * DIMENSION_BYTES;
  const bytes = new Uint8Array(dataStart + length * spec.bytes);
  bytes.set([0, 0, spec.code, shape.length]);
  const view = new DataView(bytes.buffer);
  shape.forEach((size, d) => view.setUint32(MAGIC_BYTES + d * DIMENSION_BYTES, size));
  const body = new DataView(bytes.buffer, dataStart);
  for (let i = 0; i < length; i++) spec.set(body, i, data[i] as number);
  return options.gzip ? gzipSync(bytes) : bytes;
}

/** Writes `array` as an IDX file; see formatIdx. */
export function writeIdx(path: string, array: IdxArray, options: IdxWriteOptions = {}): void {
  writeFileSync(path, formatIdx(array, options));
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, where: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new Error(`${where}: gzip data is corrupt or cut off (${(error as Error).message})`);
  }
}
