import { READABLE_DTYPE_NAMES, readableDtype } from './safetensors-dtypes.js';
import type { StoredDtype } from './safetensors-dtypes.js';

/** Bytes of the little-endian u64 header length that starts every safetensors file. */
export const HEADER_LENGTH_BYTES = 8;

/** The header key that holds string metadata instead of a tensor. */
export const METADATA_KEY = '__metadata__';

/** One tensor as the header describes it; `begin`/`end` are relative to the start of the data section. */
export interface HeaderEntry {
  name: string;
  dtypeName: string;
  dtype: StoredDtype;
  shape: number[];
  begin: number;
  end: number;
}

export interface ParsedHeader {
  entries: HeaderEntry[];
  metadata: Record<string, string>;
  /** Byte offset in the file where the data section starts. */
  dataStart: number;
}

function headerError(source: string, detail: string): Error {
  return new Error(`safetensors ${source}: ${detail}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeIntegerArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => Number.isSafeInteger(x) && x >= 0);
}

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function parseMetadata(source: string, raw: unknown): Record<string, string> {
  if (!isPlainObject(raw)) throw headerError(source, `${METADATA_KEY} must be an object of strings`);
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      const got = JSON.stringify(value);
      throw headerError(source, `${METADATA_KEY} value for key '${key}' must be a string, got ${got}`);
    }
  }
  return Object.fromEntries(Object.entries(raw as Record<string, string>));
}

function parseEntry(source: string, name: string, raw: unknown): HeaderEntry {
  const fail = (detail: string) => headerError(source, `tensor '${name}' ${detail}`);
  if (!isPlainObject(raw)) throw fail('must be an object with dtype, shape and data_offsets');
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!(field in raw)) throw fail(`is missing '${field}'`);
  }
  const { dtype: dtypeName, shape, data_offsets: offsets } = raw;
  if (typeof dtypeName !== 'string') throw fail(`has dtype ${JSON.stringify(dtypeName)}, which is not a string`);
  const dtype = readableDtype(dtypeName);
  if (dtype === undefined) {
    throw fail(`has dtype '${dtypeName}', which cannot be loaded (supported: ${READABLE_DTYPE_NAMES.join(', ')})`);
  }
  if (!isNonNegativeIntegerArray(shape)) {
    throw fail(`has shape ${JSON.stringify(shape)}, which is not an array of non-negative integers`);
  }
  if (!isNonNegativeIntegerArray(offsets) || offsets.length !== 2) {
    throw fail(`has data_offsets ${JSON.stringify(offsets)}, which is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw fail(`has data_offsets [${begin},${end}], which end before they begin`);
  const expectedBytes = elementCount(shape) * dtype.bytesPerElement;
  if (end - begin !== expectedBytes) {
    throw fail(
      `has shape ${JSON.stringify(shape)} and dtype ${dtypeName}, which need ${expectedBytes} bytes, ` +
        `but data_offsets [${begin},${end}] span ${end - begin} bytes`,
    );
  }
  return { name, dtypeName, dtype, shape, begin, end };
}

/** The spec requires the tensors to cover the data section exactly: every byte in one tensor, none in two. */
function checkLayout(source: string, entries: HeaderEntry[], dataLength: number): void {
  for (const { name, begin, end } of entries) {
    if (end > dataLength) {
      throw headerError(
        source,
        `truncated: tensor '${name}' needs bytes [${begin},${end}) but the data section has only ${dataLength} bytes`,
      );
    }
  }
  const byPosition = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of byPosition) {
    if (previous !== undefined && entry.begin < previous.end) {
      throw headerError(
        source,
        `tensors '${previous.name}' [${previous.begin},${previous.end}) and '${entry.name}' ` +
          `[${entry.begin},${entry.end}) overlap in the data section`,
      );
    }
    if (entry.begin > covered) {
      throw headerError(source, `data section bytes [${covered},${entry.begin}) belong to no tensor`);
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered < dataLength) {
    throw headerError(source, `data section bytes [${covered},${dataLength}) belong to no tensor`);
  }
}

function parseJson(source: string, headerBytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw headerError(source, 'header is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw headerError(source, `header is not valid JSON (${(error as Error).message})`);
  }
}

/** Reads and validates everything in a safetensors file except the tensor values themselves. */
export function parseHeader(bytes: Uint8Array, source: string): ParsedHeader {
  if (bytes.length < HEADER_LENGTH_BYTES) {
    throw headerError(source, `file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  const afterLength = bytes.length - HEADER_LENGTH_BYTES;
  if (headerLength > BigInt(afterLength)) {
    throw headerError(
      source,
      `truncated: the header is ${headerLength} bytes but only ${afterLength} bytes follow its length`,
    );
  }
  const dataStart = HEADER_LENGTH_BYTES + Number(headerLength);
  const header = parseJson(source, bytes.subarray(HEADER_LENGTH_BYTES, dataStart));
  if (!isPlainObject(header)) throw headerError(source, 'header is not a JSON object');

  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = parseMetadata(source, raw);
    else entries.push(parseEntry(source, name, raw));
  }
  checkLayout(source, entries, bytes.length - dataStart);
  return { entries, metadata, dataStart };
}
