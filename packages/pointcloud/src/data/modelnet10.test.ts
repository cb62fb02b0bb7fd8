import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelNet10 } from './modelnet10.js';
import { writeOff } from './off.js';
import { writePcd } from './pcd.js';

const dir = mkdtempSync(join(tmpdir(), 'modelnet10-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A cloud of `count` points whose every coordinate is `value`, so the test can tell files apart. */
function constantCloud(value: number, count = 4) {
  return { points: new Float32Array(count * 3).fill(value), count };
}

/** A fake ModelNet10 tree: `files[class][split]` lists the values of its files' clouds. */
function writeTree(root: string, files: Record<string, Record<'train' | 'test', number[]>>, count = 4): void {
  for (const [className, splits] of Object.entries(files)) {
    for (const [split, values] of Object.entries(splits)) {
      mkdirSync(join(root, className, split), { recursive: true });
      values.forEach((value, i) => writePcd(join(root, className, split, `${className}_${String(i + 1).padStart(4, '0')}.pcd`), constantCloud(value, count), 'binary'));
    }
  }
}

describe('loadModelNet10', () => {
  const root = join(dir, 'modelnet10');
  writeTree(root, { toilet: { train: [1, 2, 3], test: [4] }, bathtub: { train: [5, 6], test: [7, 8] } });
  mkdirSync(join(root, '__MACOSX'));
  writeFileSync(join(root, 'README.txt'), 'not a class');
  writeFileSync(join(root, 'toilet', 'train', 'notes.txt'), 'not a cloud');

  it('labels class folders in sorted order and reads both splits in file order', () => {
    const splits = loadModelNet10(root);
    expect(splits.classes).toEqual(['bathtub', 'toilet']);
    expect(splits.train.map((cloud) => [cloud.name, cloud.label, cloud.points[0]])).toEqual([
      ['bathtub/train/bathtub_0001.pcd', 0, 5],
      ['bathtub/train/bathtub_0002.pcd', 0, 6],
      ['toilet/train/toilet_0001.pcd', 1, 1],
      ['toilet/train/toilet_0002.pcd', 1, 2],
      ['toilet/train/toilet_0003.pcd', 1, 3],
    ]);
    expect(splits.test.map((cloud) => cloud.points[0])).toEqual([7, 8, 4]);
    expect(splits.test[0]!.count).toBe(4);
  });

  it('keeps the first limitPerClass files of each class and split', () => {
    const splits = loadModelNet10(root, { limitPerClass: 1 });
    expect(splits.train.map((cloud) => cloud.name)).toEqual(['bathtub/train/bathtub_0001.pcd', 'toilet/train/toilet_0001.pcd']);
    expect(splits.test.map((cloud) => cloud.name)).toEqual(['bathtub/test/bathtub_0001.pcd', 'toilet/test/toilet_0001.pcd']);
    expect(() => loadModelNet10(root, { limitPerClass: 0 })).toThrow('modelnet10: limitPerClass must be a positive integer, got 0');
  });

  it('samples OFF meshes, the same points for the same seed', () => {
    const meshes = join(dir, 'meshes');
    const triangle = { vertices: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), vertexCount: 3, faces: [[0, 1, 2]] };
    for (const split of ['train', 'test']) {
      mkdirSync(join(meshes, 'plane', split), { recursive: true });
      writeOff(join(meshes, 'plane', split, 'plane_0001.off'), triangle);
    }
    const first = loadModelNet10(meshes, { meshPoints: 16, seed: 3 });
    expect(first.train[0]!.count).toBe(16);
    expect(first.train[0]!.points.filter((_, i) => i % 3 === 2).every((z) => z === 0)).toBe(true);
    expect(loadModelNet10(meshes, { meshPoints: 16, seed: 3 })).toEqual(first);
    expect(loadModelNet10(meshes, { meshPoints: 16, seed: 4 }).train[0]!.points).not.toEqual(first.train[0]!.points);
    // Each file has its own stream: the train and test copies of the same mesh differ.
    expect(first.test[0]!.points).not.toEqual(first.train[0]!.points);
  });

  it('names the file whose point count differs', () => {
    const mixed = join(dir, 'mixed');
    writeTree(mixed, { chair: { train: [1], test: [2] } });
    writePcd(join(mixed, 'chair', 'test', 'chair_0002.pcd'), constantCloud(0, 5), 'binary');
    expect(() => loadModelNet10(mixed)).toThrow(
      `modelnet10: ${join(mixed, 'chair', 'test', 'chair_0002.pcd')} has 5 points, ${join(mixed, 'chair', 'train', 'chair_0001.pcd')} has 4; all clouds must have the same count`,
    );
  });

  it('names a missing folder with the fetch command, an empty split and a class without one', () => {
    const absent = join(dir, 'absent');
    expect(() => loadModelNet10(absent)).toThrow(`modelnet10: ${absent} not found; run \`pnpm hybridssm pointcloud fetch modelnet10\` or pass --data-dir`);
    const partial = join(dir, 'partial');
    mkdirSync(join(partial, 'desk', 'train'), { recursive: true });
    expect(() => loadModelNet10(partial)).toThrow(`modelnet10: no .pcd or .off files in ${join(partial, 'desk', 'train')}`);
    writePcd(join(partial, 'desk', 'train', 'desk_0001.pcd'), constantCloud(1), 'binary');
    expect(() => loadModelNet10(partial)).toThrow(`modelnet10: class folder ${join(partial, 'desk')} has no test/ folder`);
  });

  it('passes on a truncated file as the PCD reader words it', () => {
    const broken = join(dir, 'broken');
    writeTree(broken, { sofa: { train: [1], test: [2] } });
    writeFileSync(join(broken, 'sofa', 'test', 'sofa_0001.pcd'), 'VERSION 0.7\n');
    expect(() => loadModelNet10(broken)).toThrow(`pcd: ${join(broken, 'sofa', 'test', 'sofa_0001.pcd')}: no DATA line`);
  });
});
