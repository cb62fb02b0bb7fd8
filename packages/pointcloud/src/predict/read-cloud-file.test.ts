import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@hybridssm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { formatPcd, writePcd } from '../data/pcd.js';
import { writeOff } from '../data/off.js';
import { writePly } from '../data/ply.js';
import { sampleShapeSurface } from '../data/shape-surfaces.js';
import { readCloudFile } from './read-cloud-file.js';

const dir = mkdtempSync(join(tmpdir(), 'read-cloud-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloud = { points: sampleShapeSurface('torus', 40, new Rng(1)), count: 40 };
const sampling = { npoints: 64, numGroups: 8, groupSize: 16 };
const cube = {
  vertices: Float32Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1]),
  vertexCount: 8,
  faces: [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [2, 3, 7, 6], [1, 2, 6, 5], [0, 4, 7, 3]],
};

/** `read()` throws one line that names `path` and matches `pattern`. */
function expectOneLineError(read: () => unknown, path: string, pattern: RegExp): void {
  let message = '';
  try {
    read();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain(path);
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
}

describe('readCloudFile', () => {
  it('reads .pcd and .ply clouds as they are, and samples .off meshes to meshPoints', () => {
    for (const [file, write] of [
      ['a.pcd', (p: string) => writePcd(p, cloud, 'binary')],
      ['a.ply', (p: string) => writePly(p, cloud, 'ascii')],
    ] as const) {
      write(join(dir, file));
      expect(readCloudFile(join(dir, file), { meshPoints: 64, sampling })).toEqual(cloud);
    }
    writeOff(join(dir, 'cube.OFF'), cube);
    const sampled = readCloudFile(join(dir, 'cube.OFF'), { meshPoints: 100, sampling });
    expect(sampled.count).toBe(100);
    expect(sampled.points.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(readCloudFile(join(dir, 'cube.OFF'), { meshPoints: 100 })).toEqual(sampled);
  });

  it('rejects bad files with one line naming the file', () => {
    const path = (name: string) => join(dir, name);
    expectOneLineError(() => readCloudFile(path('cloud.xyz'), { meshPoints: 64 }), path('cloud.xyz'), /unknown extension '\.xyz'; expected a point cloud file, one of \.pcd, \.off, \.ply/);
    expectOneLineError(() => readCloudFile(path('missing.pcd'), { meshPoints: 64 }), path('missing.pcd'), /no such file/);
    mkdirSync(path('folder.pcd'));
    expectOneLineError(() => readCloudFile(path('folder.pcd'), { meshPoints: 64 }), path('folder.pcd'), /not a file/);

    writeFileSync(path('truncated.pcd'), formatPcd(cloud, 'binary').subarray(0, 300));
    expectOneLineError(() => readCloudFile(path('truncated.pcd'), { meshPoints: 64 }), path('truncated.pcd'), /truncated: header says 40 points × 12 bytes/);
    writeFileSync(path('garbage.ply'), 'not a ply file at all');
    expectOneLineError(() => readCloudFile(path('garbage.ply'), { meshPoints: 64 }), path('garbage.ply'), /no end_header line/);

    writePcd(path('empty.pcd'), { points: new Float32Array(0), count: 0 }, 'ascii');
    expectOneLineError(() => readCloudFile(path('empty.pcd'), { meshPoints: 64 }), path('empty.pcd'), /the cloud is empty \(0 points\)/);
    writeOff(path('empty.off'), { vertices: new Float32Array(0), vertexCount: 0, faces: [] });
    expectOneLineError(() => readCloudFile(path('empty.off'), { meshPoints: 64 }), path('empty.off'), /the mesh is empty \(0 vertices, 0 faces\)/);
    writeOff(path('flat.off'), { vertices: Float32Array.from([0, 0, 0, 1, 0, 0, 2, 0, 0]), vertexCount: 3, faces: [[0, 1, 2]] });
    expectOneLineError(() => readCloudFile(path('flat.off'), { meshPoints: 64 }), path('flat.off'), /no surface to sample/);

    const nan = Float32Array.from(cloud.points);
    nan[7] = Number.NaN;
    writePcd(path('nan.pcd'), { points: nan, count: 40 }, 'ascii');
    expectOneLineError(() => readCloudFile(path('nan.pcd'), { meshPoints: 64 }), path('nan.pcd'), /point 2: y is NaN/);
    const infinite = Float32Array.from(cloud.points);
    infinite[3] = Number.POSITIVE_INFINITY;
    writePly(path('inf.ply'), { points: infinite, count: 40 }, 'binary_little_endian');
    expectOneLineError(() => readCloudFile(path('inf.ply'), { meshPoints: 64 }), path('inf.ply'), /point 1: x is Infinity/);

    writePcd(path('one-spot.pcd'), { points: new Float32Array(30).fill(0.5), count: 10 }, 'binary');
    expectOneLineError(() => readCloudFile(path('one-spot.pcd'), { meshPoints: 64 }), path('one-spot.pcd'), /all 10 points are at one location/);
    writePcd(path('few.pcd'), { points: cloud.points.subarray(0, 30), count: 10 }, 'binary');
    expectOneLineError(() => readCloudFile(path('few.pcd'), { meshPoints: 64, sampling }), path('few.pcd'), /10 points, fewer than the 16 the model needs \(8 groups of 16 points\)/);
  });
});
