import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOff, parseOff, readOff, writeOff } from './off.js';
import type { PolygonMesh } from './polygon-mesh.js';

const dir = mkdtempSync(join(tmpdir(), 'off-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pyramid: PolygonMesh = {
  vertices: Float32Array.from([-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0, 0.1, 0.2, 1.5]),
  vertexCount: 5,
  faces: [[0, 3, 2, 1], [0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4]],
};

describe('OFF', () => {
  it('reads back the vertices and faces it writes', () => {
    const path = join(dir, 'pyramid.off');
    writeOff(path, pyramid);
    expect(readOff(path)).toEqual(pyramid);
  });

  it("reads ModelNet's malformed first line, with the counts glued to OFF", () => {
    const text = formatOff(pyramid).replace('OFF\n5 5 0', 'OFF5 5 0');
    expect(text.startsWith('OFF5 5 0\n')).toBe(true);
    expect(parseOff(text, 'bed_0001.off')).toEqual(pyramid);
  });

  it('skips comments, blank lines and face colours', () => {
    const text = 'OFF # a comment\n\n3 1 0\n0 0 0\n1 0 0 # corner\n0 1 0\n3 0 1 2 255 0 0\n';
    expect(parseOff(text, 't.off')).toEqual({ vertices: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), vertexCount: 3, faces: [[0, 1, 2]] });
  });

  it('says what is wrong with a malformed file', () => {
    expect(() => parseOff('PLY\n', 'a.off')).toThrow('off: a.off: does not start with OFF');
    expect(() => parseOff('OFF\nthree 1 0\n', 'a.off')).toThrow("off: a.off: expected 'vertices faces edges' counts after OFF, found 'three 1 0'");
    expect(() => parseOff('OFF\n3 1 0\n0 0 0\n1 0 0\n', 'a.off')).toThrow(
      'off: a.off: truncated: header says 3 vertices and 1 faces, the file ends after 2 vertices',
    );
    expect(() => parseOff('OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n', 'a.off')).toThrow(
      'off: a.off: truncated: header says 3 vertices and 2 faces, the file ends after 3 vertices and 1 faces',
    );
    expect(() => parseOff('OFF\n3 1 0\n0 0 0\n1 x 0\n0 1 0\n3 0 1 2\n', 'a.off')).toThrow("off: a.off: line 4: 'x' is not a number");
    expect(() => parseOff('OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n', 'a.off')).toThrow(
      "off: a.off: line 6: face 0 has vertex index '3', not in 0..2",
    );
    expect(() => parseOff('OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n', 'a.off')).toThrow("off: a.off: line 6: face 0 '2 0 1' is not 'k i1 … ik' with k ≥ 3");
    expect(() => parseOff('OFF\n3 1 0\n0 0 0\n1 0 nan\n0 1 0\n3 0 1 2\n', 'a.off')).toThrow('off: a.off: vertex 1: z is NaN');
  });
});
