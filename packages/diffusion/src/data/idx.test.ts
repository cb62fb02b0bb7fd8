import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIdx, parseIdx, readIdx, writeIdx } from './idx.js';
import type { IdxArray } from './idx.js';

const dir = mkdtempSync(join(tmpdir(), 'diffusion-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARRAYS: Record<string, IdxArray> = {
  uint8: { shape: [2, 3], data: Uint8Array.from([0, 1, 127, 128, 254, 255]) },
  int8: { shape: [4], data: Int8Array.from([-128, -1, 0, 127]) },
  int16: { shape: [2, 2], data: Int16Array.from([-32768, -2, 3, 32767]) },
  int32: { shape: [1, 3], data: Int32Array.from([-2147483648, 5, 2147483647]) },
  float32: { shape: [3], data: Float32Array.from([-1.5, 0, 3.25]) },
  float64: { shape: [1, 1, 2], data: Float64Array.from([Math.PI, -1e300]) },
};

describe('IDX files', () => {
  it('writes and reads back every element type, raw and gzipped', () => {
    for (const [dtype, array] of Object.entries(ARRAYS)) {
      for (const gzip of [false, true]) {
        const path = join(dir, `${dtype}-${gzip}.idx`);
        writeIdx(path, array, { gzip });
        const read = readIdx(path);
        expect(read.shape).toEqual(array.shape);
        expect(read.data.constructor).toBe(array.data.constructor);
        expect(Array.from(read.data)).toEqual(Array.from(array.data));
      }
    }
  });

  it('lays the file out as LeCun describes: 00 00 type rank, big-endian sizes, big-endian data', () => {
    const bytes = formatIdx({ shape: [2], data: Int16Array.from([1, -2]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 2, 0, 1, 0xff, 0xfe]);
    const mnistLabels = formatIdx({ shape: [3], data: Uint8Array.from([7, 2, 1]) });
    expect(new DataView(mnistLabels.buffer).getUint32(0)).toBe(2049);
  });

  it('reads a rank-0 array (one element) and an empty one', () => {
    expect(parseIdx(formatIdx({ shape: [], data: Float32Array.from([2.5]) }), 'scalar')).toEqual({ shape: [], data: Float32Array.from([2.5]) });
    expect(parseIdx(formatIdx({ shape: [0, 28], data: new Uint8Array(0) }), 'empty').shape).toEqual([0, 28]);
  });

  it('says in one line what is wrong with a bad file', () => {
    const good = formatIdx(ARRAYS.uint8!);
    const broken = (edit: (bytes: Uint8Array) => Uint8Array) => () => parseIdx(edit(Uint8Array.from(good)), 'f.idx');
    expect(broken((b) => b.subarray(0, 3))).toThrow('idx: f.idx: 3 bytes, too short for the 4-byte IDX magic');
    expect(broken((b) => (b.set([0x50, 0x4b]), b))).toThrow(/^idx: f\.idx: bad magic 50 4b 08 02, expected 00 00 <type> <rank> with type one of 08 \(uint8\), 09 \(int8\)/);
    expect(broken((b) => (b.set([0x0a], 2), b))).toThrow('idx: f.idx: bad magic 00 00 0a 02');
    expect(broken((b) => b.subarray(0, 9))).toThrow('idx: f.idx: truncated header: 2 dimensions need 12 bytes, the file has 9');
    expect(broken((b) => b.subarray(0, b.length - 2))).toThrow('idx: f.idx: truncated data: shape [2, 3] of uint8 needs 6 bytes after the header, 4 follow');
    expect(() => parseIdx(Uint8Array.from([...good, 0]), 'f.idx')).toThrow('idx: f.idx: trailing bytes: shape [2, 3] of uint8 needs 6 bytes after the header, 7 follow');
    expect(() => parseIdx(good, 'f.idx', { rank: 3 })).toThrow('idx: f.idx: 2 dimensions, expected 3');
    expect(() => parseIdx(gzipSync(good).subarray(0, 20), 'f.gz')).toThrow(/^idx: f\.gz: gzip data is corrupt or cut off \(/);
  });

  it('names the path in errors from readIdx', () => {
    const path = join(dir, 'bad.idx');
    writeFileSync(path, 'not idx');
    expect(() => readIdx(path)).toThrow(`idx: ${path}: bad magic 6e 6f 74 20`);
  });

  it('refuses to write data that does not fill the shape', () => {
    expect(() => formatIdx({ shape: [2, 2], data: new Uint8Array(3) })).toThrow('formatIdx: 3 uint8 values, shape [2, 2] needs 4');
    expect(() => formatIdx({ shape: [1.5], data: new Uint8Array(1) })).toThrow('formatIdx: shape [1.5] must be integers in [0, 2^32)');
  });
});
