import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors } from './safetensors.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'safetensors-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A safetensors file from a literal header text (no padding added) and raw data bytes. */
function handBuiltFile(headerText: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const header = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + header.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
  bytes.set(header, 8);
  bytes.set(data, 8 + header.length);
  return bytes;
}

function float32Bytes(values: number[]): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(4 * i, value, true));
  return bytes;
}

function valuesOf(tensor: tf.Tensor | undefined): number[] {
  if (tensor === undefined) throw new Error('tensor is missing');
  return Array.from(tensor.dataSync());
}

async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

function disposeAll(tensors: Record<string, tf.Tensor>): void {
  for (const tensor of Object.values(tensors)) tensor.dispose();
}

describe('safetensors round trip', () => {
  const metadataCases: Array<[string, Record<string, string> | undefined]> = [
    ['no metadata', undefined],
    ['empty metadata', {}],
    ['metadata', { epoch: '3', note: 'ünïcode ✓ "quoted"', '7': 'integer-like key' }],
  ];
  for (const [label, metadata] of metadataCases) {
    it(`save → load gives identical tensors and metadata (${label}) and leaks nothing`, async () => {
      const before = tf.memory().numTensors;
      const tensors: Record<string, tf.Tensor> = {
        'layers.0.weight': tf.tensor2d([[1.5, -2, 0.1], [-0, Infinity, 1e-42]], [2, 3], 'float32'),
        bias: tf.tensor1d([NaN, 3.25, -7], 'float32'),
        step: tf.scalar(42, 'int32'),
        indices: tf.tensor1d([0, -1, 2147483647, -2147483648], 'int32'),
        empty: tf.tensor([], [0, 2], 'float32'),
        '10': tf.scalar(0.5, 'float32'),
      };
      const path = join(dir, 'model.safetensors');
      await saveSafetensors(path, tensors, metadata);
      const loaded = await loadSafetensors(path);

      expect(loaded.metadata).toEqual(metadata ?? {});
      expect(Object.keys(loaded.tensors).sort()).toEqual(Object.keys(tensors).sort());
      for (const [name, original] of Object.entries(tensors)) {
        const copy = loaded.tensors[name];
        expect(copy?.dtype, name).toBe(original.dtype);
        expect(copy?.shape, name).toEqual(original.shape);
        expect(valuesOf(copy), name).toEqual(valuesOf(original));
      }
      disposeAll(tensors);
      disposeAll(loaded.tensors);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('encodeSafetensors', () => {
  it('writes exactly the bytes the format specification describes', async () => {
    const tensors = {
      b: tf.tensor1d([1.5, -2], 'float32'),
      a: tf.scalar(7, 'int32'),
      '10': tf.tensor2d([[0.25], [3]], [2, 1], 'float32'),
    };
    const actual = await encodeSafetensors(tensors, { format: 'pt' });
    disposeAll(tensors);

    // Tensors in sorted name order ("10" < "a" < "b"), offsets relative to the data section.
    const json =
      '{"__metadata__":{"format":"pt"},' +
      '"10":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},' +
      '"a":{"dtype":"I32","shape":[],"data_offsets":[8,12]},' +
      '"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}';
    expect(json.length).toBe(196);
    const headerLength = 200; // 196 bytes of JSON + 4 spaces, so 8 + 200 is a multiple of 8
    const expected = new Uint8Array(8 + headerLength + 20);
    const view = new DataView(expected.buffer);
    view.setBigUint64(0, BigInt(headerLength), true);
    for (let i = 0; i < json.length; i++) expected[8 + i] = json.charCodeAt(i);
    expected.fill(0x20, 8 + json.length, 8 + headerLength);
    const data = 8 + headerLength;
    view.setFloat32(data + 0, 0.25, true);
    view.setFloat32(data + 4, 3, true);
    view.setInt32(data + 8, 7, true);
    view.setFloat32(data + 12, 1.5, true);
    view.setFloat32(data + 16, -2, true);

    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('creates no tensors', async () => {
    const tensors = { w: tf.ones([3, 3]), n: tf.scalar(1, 'int32') };
    const before = tf.memory().numTensors;
    await encodeSafetensors(tensors, { a: 'b' });
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(tensors);
  });

  it('rejects empty and reserved names, unsupported dtypes and non-string metadata, naming the culprit', async () => {
    const t = tf.scalar(1);
    const flags = tf.tensor1d([true, false], 'bool');
    await expect(encodeSafetensors({ '': t })).rejects.toThrow("tensor name '' is reserved or empty");
    await expect(encodeSafetensors({ __metadata__: t })).rejects.toThrow("tensor name '__metadata__' is reserved");
    await expect(encodeSafetensors({ ok: t, flags })).rejects.toThrow("tensor 'flags' has dtype bool");
    const badMetadata = { epoch: 3 } as unknown as Record<string, string>;
    await expect(encodeSafetensors({ ok: t }, badMetadata)).rejects.toThrow("metadata value for key 'epoch'");
    t.dispose();
    flags.dispose();
  });
});

describe('decodeSafetensors on a hand-built file', () => {
  it('reads F64, F16, BF16, I64 and F32 tensors listed out of order, from an unaligned data section', () => {
    const data = new Uint8Array(64);
    const view = new DataView(data.buffer);
    [-5n, 2147483647n, -2147483648n].forEach((v, i) => view.setBigInt64(0 + 8 * i, v, true));
    // F16 bits: 1, -2, 0.333251953125, smallest subnormal 2^-24, +Infinity, -0.
    [0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00, 0x8000].forEach((b, i) => view.setUint16(24 + 2 * i, b, true));
    // BF16 bits: 1, -3, 3.140625, -Infinity.
    [0x3f80, 0xc040, 0x4049, 0xff80].forEach((b, i) => view.setUint16(36 + 2 * i, b, true));
    [0.1, 123456.789].forEach((v, i) => view.setFloat64(44 + 8 * i, v, true));
    view.setFloat32(60, 2.5, true);
    const header =
      '{"m_f16":{"dtype":"F16","shape":[2,3],"data_offsets":[24,36]},' +
      '"z_i64":{"data_offsets":[0,24],"shape":[3],"dtype":"I64"},' +
      '"s":{"dtype":"F32","shape":[],"data_offsets":[60,64]},' +
      '"f64":{"dtype":"F64","shape":[2],"data_offsets":[44,60]},' +
      '"__metadata__":{"origin":"hand"},' +
      '"a_bf16":{"dtype":"BF16","shape":[4],"data_offsets":[36,44]}}';
    expect((8 + header.length) % 8).not.toBe(0);

    const { tensors, metadata } = decodeSafetensors(handBuiltFile(header, data), 'hand.safetensors');

    expect(metadata).toEqual({ origin: 'hand' });
    expect(Object.keys(tensors).sort()).toEqual(['a_bf16', 'f64', 'm_f16', 's', 'z_i64']);
    expect(tensors.z_i64?.dtype).toBe('int32');
    expect(valuesOf(tensors.z_i64)).toEqual([-5, 2147483647, -2147483648]);
    expect(tensors.m_f16?.shape).toEqual([2, 3]);
    expect(tensors.m_f16?.dtype).toBe('float32');
    expect(valuesOf(tensors.m_f16)).toEqual([1, -2, 0.333251953125, 2 ** -24, Infinity, -0]);
    expect(valuesOf(tensors.a_bf16)).toEqual([1, -3, 3.140625, -Infinity]);
    expect(valuesOf(tensors.f64)).toEqual([Math.fround(0.1), Math.fround(123456.789)]);
    expect(tensors.s?.shape).toEqual([]);
    expect(valuesOf(tensors.s)).toEqual([2.5]);
    disposeAll(tensors);
  });

  it('rejects an I64 value outside int32, naming the tensor, and creates no tensors', () => {
    const data = new Uint8Array(12);
    data.set(float32Bytes([1]), 0);
    new DataView(data.buffer).setBigInt64(4, 2147483648n, true);
    const header =
      '{"ok":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"big":{"dtype":"I64","shape":[1],"data_offsets":[4,12]}}';
    const before = tf.memory().numTensors;
    expect(() => decodeSafetensors(handBuiltFile(header, data), 'big.safetensors')).toThrow(
      "safetensors big.safetensors: tensor 'big': I64 value 2147483648 at index 0 does not fit in int32",
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('decodeSafetensors rejects malformed files, naming the source and the tensor', () => {
  const entry = (dtype: string, shape: number[], begin: number, end: number) =>
    JSON.stringify({ dtype, shape, data_offsets: [begin, end] });
  const lengthPastEnd = handBuiltFile('{}');
  new DataView(lengthPastEnd.buffer).setBigUint64(0, 1000n, true);
  const notUtf8 = handBuiltFile('{"?":1}');
  notUtf8[10] = 0xff; // the '?' in the name
  const oneByte = new Uint8Array(1);

  const cases: Array<[string, Uint8Array, string | RegExp]> = [
    ['a file shorter than 8 bytes', new Uint8Array([1, 2, 3]), 'file is 3 bytes, shorter than the 8-byte header'],
    ['a header length past the end', lengthPastEnd, 'truncated: the header is 1000 bytes but only 2 bytes follow'],
    ['a header that is not UTF-8', notUtf8, 'header is not valid UTF-8'],
    ['bad JSON', handBuiltFile('{"w": {"dtype": '), 'header is not valid JSON'],
    ['a header that is not an object', handBuiltFile('[1,2]'), 'header is not a JSON object'],
    ['an entry that is not an object', handBuiltFile('{"w":3}'), "tensor 'w' must be an object"],
    [
      'a missing field',
      handBuiltFile('{"w":{"dtype":"F32","shape":[1]}}', float32Bytes([1])),
      "tensor 'w' is missing 'data_offsets'",
    ],
    ['a non-string dtype', handBuiltFile('{"w":{"dtype":5,"shape":[],"data_offsets":[0,4]}}'), "has dtype 5"],
    [
      'a bad shape',
      handBuiltFile('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}'),
      "tensor 'w' has shape [-1], which is not an array of non-negative integers",
    ],
    [
      'bad data_offsets',
      handBuiltFile('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}'),
      "tensor 'w' has data_offsets [0], which is not a pair",
    ],
    ['an unknown dtype', handBuiltFile(`{"w":${entry('XYZ', [1], 0, 1)}}`, oneByte), "tensor 'w' has dtype 'XYZ'"],
    ['an unsupported dtype', handBuiltFile(`{"w":${entry('U8', [1], 0, 1)}}`, oneByte), "tensor 'w' has dtype 'U8'"],
    ['offsets ending before they begin', handBuiltFile(`{"w":${entry('F32', [0], 8, 4)}}`), 'end before they begin'],
    [
      'a byte length that does not match the shape',
      handBuiltFile(`{"w":${entry('F32', [2, 2], 0, 12)}}`, float32Bytes([1, 2, 3])),
      "tensor 'w' has shape [2,2] and dtype F32, which need 16 bytes, but data_offsets [0,12] span 12 bytes",
    ],
    [
      'offsets past the data section',
      handBuiltFile(`{"w":${entry('F32', [2], 0, 8)}}`, float32Bytes([1])),
      "truncated: tensor 'w' needs bytes [0,8) but the data section has only 4 bytes",
    ],
    [
      'overlapping tensors',
      handBuiltFile(`{"b":${entry('F32', [2], 4, 12)},"a":${entry('F32', [2], 0, 8)}}`, float32Bytes([1, 2, 3])),
      "tensors 'a' [0,8) and 'b' [4,12) overlap",
    ],
    [
      'a hole between tensors',
      handBuiltFile(`{"a":${entry('F32', [1], 0, 4)},"b":${entry('F32', [1], 8, 12)}}`, float32Bytes([1, 2, 3])),
      'data section bytes [4,8) belong to no tensor',
    ],
    [
      'bytes after the last tensor',
      handBuiltFile(`{"a":${entry('F32', [1], 0, 4)}}`, float32Bytes([1, 2])),
      'data section bytes [4,8) belong to no tensor',
    ],
    ['non-string metadata', handBuiltFile('{"__metadata__":{"k":1}}'), "__metadata__ value for key 'k' must be"],
  ];
  for (const [label, bytes, message] of cases) {
    it(label, () => {
      const before = tf.memory().numTensors;
      expect(() => decodeSafetensors(bytes, 'bad.safetensors')).toThrow(message);
      expect(() => decodeSafetensors(bytes, 'bad.safetensors')).toThrow(/^safetensors bad\.safetensors: /);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('loadSafetensors', () => {
  it('rejects a file cut in the middle of its data section as truncated, naming the path', async () => {
    const tensors = { a: tf.ones([4]), b: tf.zeros([4]) };
    const bytes = await encodeSafetensors(tensors);
    disposeAll(tensors);
    const path = join(dir, 'cut.safetensors');
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    const message = await rejectionMessage(loadSafetensors(path));
    expect(message).toContain(path);
    expect(message).toContain('truncated');
    expect(message).toContain("tensor 'b'");
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'nope.safetensors');
    await expect(loadSafetensors(path)).rejects.toThrow(`cannot read checkpoint ${path}: `);
  });
});

describe('saveSafetensors writes atomically', () => {
  it('leaves no temp file behind, creates missing parent directories and replaces an existing file', async () => {
    const first = { w: tf.tensor1d([1, 2, 3]) };
    const second = { v: tf.scalar(9, 'int32') };
    const path = join(dir, 'nested', 'deeper', 'model.safetensors');
    await saveSafetensors(path, first);
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual(['model.safetensors']);
    await saveSafetensors(path, second, { version: '2' });
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual(['model.safetensors']);

    const loaded = await loadSafetensors(path);
    expect(Object.keys(loaded.tensors)).toEqual(['v']);
    expect(valuesOf(loaded.tensors.v)).toEqual([9]);
    expect(loaded.metadata).toEqual({ version: '2' });
    disposeAll(first);
    disposeAll(second);
    disposeAll(loaded.tensors);
  });

  it('removes its temp file when the final rename fails', async () => {
    const path = join(dir, 'model.safetensors');
    mkdirSync(path);
    writeFileSync(join(path, 'occupant'), 'a non-empty directory cannot be replaced by a file');
    const tensors = { w: tf.ones([2]) };
    await expect(saveSafetensors(path, tensors)).rejects.toThrow(`cannot write checkpoint ${path}: `);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    disposeAll(tensors);
  });

  it('writes nothing when the tensors cannot be encoded', async () => {
    const tensors = { flags: tf.tensor1d([true], 'bool') };
    await expect(saveSafetensors(join(dir, 'model.safetensors'), tensors)).rejects.toThrow("tensor 'flags'");
    expect(readdirSync(dir)).toEqual([]);
    disposeAll(tensors);
  });
});
