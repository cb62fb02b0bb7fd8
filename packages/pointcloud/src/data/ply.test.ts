import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPly, parsePly, readPly, writePly } from './ply.js';

const dir = mkdtempSync(join(tmpdir(), 'ply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloud = { points: Float32Array.from([0.1, -2.5, 3e-7, 1024.125, 0, -0.333]), count: 2 };
const text = (value: string) => new TextEncoder().encode(value);

/** A binary file: the header text, then each value written as [setter, size, value]. */
function binaryPly(header: string, values: [keyof DataView & `set${string}`, number, number][], littleEndian: boolean): Uint8Array {
  const head = text(header);
  const size = values.reduce((sum, [, bytes]) => sum + bytes, 0);
  const file = new Uint8Array(head.length + size);
  file.set(head);
  const view = new DataView(file.buffer, head.length);
  let at = 0;
  for (const [setter, bytes, value] of values) {
    (view[setter] as (offset: number, value: number, littleEndian: boolean) => void).call(view, at, value, littleEndian);
    at += bytes;
  }
  return file;
}

describe('PLY', () => {
  it.each(['ascii', 'binary_little_endian'] as const)('reads back what it writes (%s)', (format) => {
    const path = join(dir, `cloud-${format}.ply`);
    writePly(path, cloud, format);
    expect(readPly(path)).toEqual(cloud);
  });

  it('skips other properties, a face element before the vertices and list properties (binary)', () => {
    const header = [
      'ply',
      'format binary_little_endian 1.0',
      'comment made by hand',
      'element face 1',
      'property list uchar int vertex_indices',
      'element vertex 2',
      'property double x',
      'property uchar red',
      'property double y',
      'property list uchar float extra',
      'property float z',
      'end_header',
      '',
    ].join('\n');
    const bytes = binaryPly(
      header,
      [
        ['setUint8', 1, 3], ['setInt32', 4, 0], ['setInt32', 4, 1], ['setInt32', 4, 1],
        ['setFloat64', 8, 1.5], ['setUint8', 1, 200], ['setFloat64', 8, -2], ['setUint8', 1, 1], ['setFloat32', 4, 9], ['setFloat32', 4, 3],
        ['setFloat64', 8, 4], ['setUint8', 1, 0], ['setFloat64', 8, 5], ['setUint8', 1, 0], ['setFloat32', 4, 6],
      ],
      true,
    );
    expect(parsePly(bytes, 'mixed.ply')).toEqual({ points: Float32Array.from([1.5, -2, 3, 4, 5, 6]), count: 2 });
  });

  it('reads big-endian binary and ascii with faces after the vertices', () => {
    const header = 'ply\nformat binary_big_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
    const bytes = binaryPly(header, [['setFloat32', 4, 1], ['setFloat32', 4, 2], ['setFloat32', 4, 3]], false);
    expect(parsePly(bytes, 'be.ply').points).toEqual(Float32Array.from([1, 2, 3]));
    const ascii = 'ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\n'
      + 'element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0 255\n1 0 0 255\n0 1 0 255\n3 0 1 2\n';
    expect(parsePly(text(ascii), 'a.ply')).toEqual({ points: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), count: 3 });
  });

  it('says what is wrong with a malformed or truncated file', () => {
    const head = (format: string, extra = '') => `ply\nformat ${format} 1.0\nelement vertex 2\nproperty float x\nproperty float y\n${extra}end_header\n`;
    expect(() => parsePly(text('ply\nformat ascii 1.0\n'), 'a.ply')).toThrow('ply: a.ply: no end_header line');
    expect(() => parsePly(text(head('ascii')), 'a.ply')).toThrow('ply: a.ply: vertex has no scalar property z');
    expect(() => parsePly(text(head('binary_middle_endian', 'property float z\n')), 'a.ply')).toThrow(
      "ply: a.ply: format 'binary_middle_endian' is not one of ascii, binary_little_endian, binary_big_endian",
    );
    expect(() => parsePly(text(head('ascii', 'property half z\n')), 'a.ply')).toThrow("ply: a.ply: unknown property type 'half' in 'property half z'");
    expect(() => parsePly(text(`${head('ascii', 'property float z\n')}1 2 3\n4 5\n`), 'a.ply')).toThrow(
      'ply: a.ply: truncated: header says 2 vertex, the data ends in vertex 1',
    );
    expect(() => parsePly(text(`${head('ascii', 'property float z\n')}1 2 3\n4 five 6\n`), 'a.ply')).toThrow("ply: a.ply: vertex 1: 'five' is not a number");
    const binary = formatPly({ points: new Float32Array(6), count: 2 }, 'binary_little_endian');
    expect(() => parsePly(binary.subarray(0, binary.length - 1), 'b.ply')).toThrow('ply: b.ply: truncated: header says 2 vertex, the data ends in vertex 1');
  });

  it('names the point with a NaN coordinate', () => {
    expect(() => parsePly(formatPly({ points: Float32Array.from([1, 2, 3, Number.NaN, 5, 6]), count: 2 }, 'binary_little_endian'), 'n.ply')).toThrow(
      'ply: n.ply: point 1: x is NaN',
    );
  });
});
