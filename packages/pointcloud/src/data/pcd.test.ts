import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPcd, parsePcd, readPcd, writePcd } from './pcd.js';

const dir = mkdtempSync(join(tmpdir(), 'pcd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloud = { points: Float32Array.from([0.1, -2.5, 3e-7, 1024.125, 0, -0.333, 7, 8, 9]), count: 3 };
const text = (value: string) => new TextEncoder().encode(value);

function header(lines: Record<string, string>, data: string): string {
  return `${Object.entries(lines).map(([key, value]) => `${key} ${value}`).join('\n')}\nDATA ${data}\n`;
}

const XYZ = { VERSION: '0.7', FIELDS: 'x y z', SIZE: '4 4 4', TYPE: 'F F F', COUNT: '1 1 1', WIDTH: '2', HEIGHT: '1', POINTS: '2' };

describe('PCD', () => {
  it.each(['ascii', 'binary'] as const)('reads back what it writes (%s)', (encoding) => {
    const path = join(dir, `cloud-${encoding}.pcd`);
    writePcd(path, cloud, encoding);
    expect(readPcd(path)).toEqual(cloud);
  });

  it('writes the 1,024-point ModelNet10 copy layout: a 170-byte header then float32 x y z', () => {
    const bytes = formatPcd({ points: new Float32Array(1024 * 3), count: 1024 }, 'binary');
    expect(bytes.length).toBe(170 + 1024 * 12);
  });

  it('skips other fields of any size, type and count in binary data', () => {
    // x F8, rgb U4, y F4, normal F4 ×3, z I2, label I8: 8 + 4 + 4 + 12 + 2 + 8 = 38 bytes a point
    const head = header(
      { FIELDS: 'x rgb y normal z label', SIZE: '8 4 4 4 2 8', TYPE: 'F U F F I I', COUNT: '1 1 1 3 1 1', WIDTH: '2', HEIGHT: '1', POINTS: '2' },
      'binary',
    );
    const data = new DataView(new ArrayBuffer(2 * 38));
    [[1.5, -2, -300], [0.25, 4, 12]].forEach(([x, y, z], i) => {
      const at = i * 38;
      data.setFloat64(at, x!, true);
      data.setUint32(at + 8, 0xffffffff, true);
      data.setFloat32(at + 12, y!, true);
      data.setFloat32(at + 16, 99, true);
      data.setInt16(at + 28, z!, true);
      data.setBigInt64(at + 30, -1n, true);
    });
    const bytes = new Uint8Array([...text(head), ...new Uint8Array(data.buffer)]);
    expect(parsePcd(bytes, 'mixed.pcd')).toEqual({ points: Float32Array.from([1.5, -2, -300, 0.25, 4, 12]), count: 2 });
  });

  it('skips other fields in ascii data, without COUNT, with comments and CRLF', () => {
    const head = '# written by hand\r\nFIELDS intensity x y z\r\nSIZE 4 4 4 4\r\nTYPE F F F F\r\nWIDTH 2\r\nHEIGHT 1\r\nPOINTS 2\r\nDATA ascii\r\n';
    const bytes = text(`${head}9 1 2 3\r\n9 4 5 6e-1\r\n`);
    expect(parsePcd(bytes, 'a.pcd').points).toEqual(Float32Array.from([1, 2, 3, 4, 5, 0.6]));
  });

  it('says which header line is missing or inconsistent, and a POINTS that is not WIDTH × HEIGHT', () => {
    const { SIZE: _size, ...noSize } = XYZ;
    expect(() => parsePcd(text(header(noSize, 'ascii')), 'a.pcd')).toThrow('pcd: a.pcd: header has no SIZE line');
    expect(() => parsePcd(text(header({ ...XYZ, POINTS: '3' }, 'ascii')), 'a.pcd')).toThrow(
      'pcd: a.pcd: POINTS 3 but WIDTH × HEIGHT = 2 × 1 = 2',
    );
    expect(() => parsePcd(text(header({ ...XYZ, FIELDS: 'x y w' }, 'ascii')), 'a.pcd')).toThrow(
      'pcd: a.pcd: needs one field z with COUNT 1, FIELDS is x y w',
    );
    expect(() => parsePcd(text('VERSION 0.7\nFIELDS x y z\n'), 'a.pcd')).toThrow('pcd: a.pcd: no DATA line');
    expect(() => parsePcd(text(header({ ...XYZ, SIZE: '4 4' }, 'ascii')), 'a.pcd')).toThrow('pcd: a.pcd: SIZE has 2 entries, FIELDS has 3 (x y z)');
    expect(() => parsePcd(text(header({ ...XYZ, SIZE: '4 4 3' }, 'ascii')), 'a.pcd')).toThrow(
      'pcd: a.pcd: field z has TYPE F with SIZE 3, not one of F4 F8 I1 I2 I4 I8 U1 U2 U4 U8',
    );
  });

  it('rejects binary_compressed as unsupported', () => {
    expect(() => parsePcd(text(header(XYZ, 'binary_compressed')), 'c.pcd')).toThrow(
      'pcd: c.pcd: DATA binary_compressed is unsupported',
    );
  });

  it('says how many bytes a truncated binary file lacks', () => {
    const bytes = formatPcd({ points: new Float32Array(1024 * 3), count: 1024 }, 'binary').subarray(0, 170 + 8000);
    expect(() => parsePcd(bytes, 'chair_0001.pcd')).toThrow(
      'pcd: chair_0001.pcd: truncated: header says 1024 points × 12 bytes, 8000 bytes follow',
    );
  });

  it('says which ascii line is short, truncated or not a number', () => {
    const head = header(XYZ, 'ascii');
    const headLines = head.split('\n').length - 1;
    expect(() => parsePcd(text(`${head}1 2 3\n`), 'a.pcd')).toThrow('pcd: a.pcd: truncated: header says 2 points, 1 lines follow');
    expect(() => parsePcd(text(`${head}1 2 3\n4 5\n`), 'a.pcd')).toThrow(`pcd: a.pcd: line ${headLines + 2}: 2 values, FIELDS need 3`);
    expect(() => parsePcd(text(`${head}1 2 3\n4 five 6\n`), 'a.pcd')).toThrow(
      `pcd: a.pcd: line ${headLines + 2}: 'five' is not a number (field y)`,
    );
  });

  it('names the point with a NaN coordinate, in ascii and binary', () => {
    expect(() => parsePcd(text(`${header(XYZ, 'ascii')}1 2 3\n4 nan 6\n`), 'a.pcd')).toThrow('pcd: a.pcd: point 1: y is NaN');
    const binary = formatPcd({ points: Float32Array.from([1, 2, 3, 4, 5, Number.NaN]), count: 2 }, 'binary');
    expect(() => parsePcd(binary, 'b.pcd')).toThrow('pcd: b.pcd: point 1: z is NaN');
  });
});
