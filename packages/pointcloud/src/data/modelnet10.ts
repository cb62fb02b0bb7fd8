import { Rng } from '@hybridssm/core';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireDatasetPath } from './dataset-folder.js';
import { sampleMeshSurface } from './mesh-surface-sampling.js';
import { readOff } from './off.js';
import { readPcd } from './pcd.js';
import type { ClassificationSplits, LabeledCloud, PointCloud } from './point-cloud.js';

/** Options of loadModelNet10. */
export interface ModelNet10Options {
  /** At most this many clouds per class and split (the first by file name), for quick runs. */
  limitPerClass?: number;
  /** Points sampled from each surface when the folder holds OFF meshes; default 1024, as in the PCD copy. */
  meshPoints?: number;
  /** Seed of the OFF surface sampling (each file gets its own stream from it and its name); default 0. */
  seed?: number;
}

const SPLITS = ['train', 'test'] as const;
const CLOUD_FILE = /\.(pcd|off)$/i;

/**
 * Loads a ModelNet10 folder, `<class>/{train,test}/<class>_NNNN.pcd` (the pre-sampled copy) or `.off`
 * (the Princeton meshes, surface-sampled here): class folders in sorted order are the label ids,
 * hidden and `__MACOSX`-style folders are skipped, and every cloud must have the same point count.
 * Cloud names are `<class>/<split>/<file>`.
 */
export function loadModelNet10(root: string, options: ModelNet10Options = {}): ClassificationSplits {
  requireDatasetPath(root, 'modelnet10');
  const { limitPerClass = Number.POSITIVE_INFINITY, meshPoints = 1024, seed = 0 } = options;
  if (!(limitPerClass >= 1) || !(Number.isInteger(limitPerClass) || limitPerClass === Number.POSITIVE_INFINITY)) {
    throw new Error(`modelnet10: limitPerClass must be a positive integer, got ${limitPerClass}`);
  }
  const classes = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('__'))
    .map((entry) => entry.name)
    .sort();
  if (classes.length === 0) throw new Error(`modelnet10: no class folders in ${root}`);

  let reference: { path: string; count: number } | undefined;
  const load = (path: string, name: string): PointCloud => {
    const cloud = /\.pcd$/i.test(path) ? readPcd(path) : sampleMeshSurface(readOff(path), meshPoints, new Rng(fnv1a(`${seed}:${name}`)));
    reference ??= { path, count: cloud.count };
    if (cloud.count !== reference.count) {
      throw new Error(`modelnet10: ${path} has ${cloud.count} points, ${reference.path} has ${reference.count}; all clouds must have the same count`);
    }
    return cloud;
  };

  const splits: Record<(typeof SPLITS)[number], LabeledCloud[]> = { train: [], test: [] };
  classes.forEach((className, label) => {
    for (const split of SPLITS) {
      const dir = join(root, className, split);
      if (!existsSync(dir)) throw new Error(`modelnet10: class folder ${join(root, className)} has no ${split}/ folder`);
      const files = readdirSync(dir).filter((file) => CLOUD_FILE.test(file)).sort();
      if (files.length === 0) throw new Error(`modelnet10: no .pcd or .off files in ${dir}`);
      for (const file of files.slice(0, limitPerClass)) {
        const name = `${className}/${split}/${file}`;
        splits[split].push({ ...load(join(dir, file), name), label, name });
      }
    }
  });
  return { classes, ...splits };
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units: a seed per file that does not depend on which others load. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
