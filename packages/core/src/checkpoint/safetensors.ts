import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { HEADER_LENGTH_BYTES, METADATA_KEY, parseHeader } from './safetensors-header.js';

/** Tensors and string metadata of one safetensors file. Whoever receives the tensors owns (and disposes) them. */
export interface SafetensorsContent {
  tensors: Record<string, tf.Tensor>;
  metadata: Record<string, string>;
}

/** The dtypes we write, both 4 bytes per element. */
const WRITTEN_DTYPE_NAMES = { float32: 'F32', int32: 'I32' } as const;
const BYTES_PER_ELEMENT = 4;

function isWritable(dtype: tf.DataType): dtype is keyof typeof WRITTEN_DTYPE_NAMES {
  return dtype === 'float32' || dtype === 'int32';
}

function encodeError(detail: string): Error {
  return new Error(`cannot encode safetensors: ${detail}`);
}

function checkWritable(tensors: Record<string, tf.Tensor>, metadata: Record<string, string> | undefined): void {
  for (const [name, tensor] of Object.entries(tensors)) {
    if (name === '' || name === METADATA_KEY) throw encodeError(`tensor name '${name}' is reserved or empty`);
    if (!isWritable(tensor.dtype)) {
      throw encodeError(`tensor '${name}' has dtype ${tensor.dtype}; only float32 and int32 can be saved`);
    }
  }
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string') {
      throw encodeError(`metadata value for key '${key}' must be a string, got ${JSON.stringify(value)}`);
    }
  }
}

/**
 * Serializes tensors (in sorted name order, contiguous, little-endian) and optional metadata to the
 * safetensors format. Reads values with `data()`, so it works on backends without synchronous reads.
 */
export async function encodeSafetensors(
  tensors: Record<string, tf.Tensor>,
  metadata?: Record<string, string>,
): Promise<Uint8Array> {
  checkWritable(tensors, metadata);
  const sorted = Object.entries(tensors).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const columns = await Promise.all(
    sorted.map(async ([name, tensor]) => {
      const values = (await tensor.data()) as Float32Array | Int32Array;
      return { name, tensor, values };
    }),
  );

  // The JSON is assembled by hand because JS objects put integer-like keys first, which would break sorted order.
  const headerParts: string[] = [];
  if (metadata !== undefined) headerParts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  let dataLength = 0;
  for (const { name, tensor } of columns) {
    const begin = dataLength;
    dataLength += tensor.size * BYTES_PER_ELEMENT;
    const dtype = WRITTEN_DTYPE_NAMES[tensor.dtype as keyof typeof WRITTEN_DTYPE_NAMES];
    const entry = { dtype, shape: tensor.shape, data_offsets: [begin, dataLength] };
    headerParts.push(`${JSON.stringify(name)}:${JSON.stringify(entry)}`);
  }
  const headerText = new TextEncoder().encode(`{${headerParts.join(',')}}`);
  // Trailing spaces make 8 + header length a multiple of 8, so the data section starts aligned.
  const headerLength = Math.ceil(headerText.length / 8) * 8;
  const dataStart = HEADER_LENGTH_BYTES + headerLength;

  const bytes = new Uint8Array(dataStart + dataLength);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(headerText, HEADER_LENGTH_BYTES);
  bytes.fill(0x20, HEADER_LENGTH_BYTES + headerText.length, dataStart);
  let offset = dataStart;
  for (const { tensor, values } of columns) {
    for (const value of values) {
      if (tensor.dtype === 'int32') view.setInt32(offset, value, true);
      else view.setFloat32(offset, value, true);
      offset += BYTES_PER_ELEMENT;
    }
  }
  return bytes;
}

/**
 * Parses and validates a safetensors file. F32/F64/F16/BF16 become float32 tensors, I32/I64 become int32.
 * `source` (usually the file path) is named in every error.
 */
export function decodeSafetensors(bytes: Uint8Array, source: string): SafetensorsContent {
  const { entries, metadata, dataStart } = parseHeader(bytes, source);
  // Every value is read before any tensor is created, so a bad value cannot leave tensors behind.
  const decoded = entries.map((entry) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart + entry.begin, entry.end - entry.begin);
    const count = (entry.end - entry.begin) / entry.dtype.bytesPerElement;
    return { entry, values: entry.dtype.read(view, count, `safetensors ${source}: tensor '${entry.name}'`) };
  });
  const tensors = Object.fromEntries(
    decoded.map(({ entry, values }) => [entry.name, tf.tensor(values, entry.shape, entry.dtype.tfDtype)]),
  );
  return { tensors, metadata };
}

/** Writes a safetensors file atomically: a temp file in the same directory, then rename onto `path`. */
export async function saveSafetensors(
  path: string,
  tensors: Record<string, tf.Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  const bytes = await encodeSafetensors(tensors, metadata);
  const tempPath = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(tempPath, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw new Error(`cannot write checkpoint ${path}: ${(error as Error).message}`);
  }
}

/** The bytes of a checkpoint file; the error names the path. */
export async function readSafetensorsFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
}

/** Reads and decodes a safetensors file; the caller owns the returned tensors. */
export async function loadSafetensors(path: string): Promise<SafetensorsContent> {
  return decodeSafetensors(await readSafetensorsFile(path), path);
}
