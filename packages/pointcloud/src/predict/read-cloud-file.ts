import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Rng } from '@hybridssm/core';
import { sampleMeshSurface } from '../data/mesh-surface-sampling.js';
import { readOff } from '../data/off.js';
import { readPcd } from '../data/pcd.js';
import type { PointCloud } from '../data/point-cloud.js';
import { readPly } from '../data/ply.js';
import type { PointSampling } from '../models/classifier-types.js';
import { requireEnoughPoints } from './enough-points.js';

/** The file types readCloudFile reads, by extension. */
export const CLOUD_FILE_EXTENSIONS: readonly string[] = ['.pcd', '.off', '.ply'];

export interface ReadCloudOptions {
  /** points sampled from an OFF mesh's surface (e.g. the model's npoints) */
  meshPoints: number;
  /** seed of that sampling (default 0) */
  seed?: number;
  /** the model that will read the cloud: the cloud must have enough points for its groups */
  sampling?: PointSampling;
}

/**
 * Reads one point cloud from a `.pcd` or `.ply` file, or samples `meshPoints` points from the surface
 * of an `.off` mesh. Every problem is one line naming the file: a missing file, an unknown extension, a
 * truncated or malformed file or NaN/infinite coordinates (the readers' errors), an empty cloud, a cloud
 * with all its points at one location, or fewer points than `sampling`'s groups need.
 */
export function readCloudFile(path: string, options: ReadCloudOptions): PointCloud {
  const extension = requireCloudFile(path);
  const cloud = extension === '.off' ? sampledMesh(path, options) : extension === '.pcd' ? readPcd(path) : readPly(path);
  if (cloud.count === 0) throw new Error(`${path}: the cloud is empty (0 points)`);
  if (allAtOnePoint(cloud)) throw new Error(`${path}: all ${cloud.count} points are at one location; there is no shape to classify`);
  if (options.sampling !== undefined) requireEnoughPoints(cloud.count, options.sampling, path);
  return cloud;
}

/** Throws one line naming `path` unless it is an existing file with a readable extension (checked before any work); returns the extension. */
export function requireCloudFile(path: string): string {
  const extension = extname(path).toLowerCase();
  if (!CLOUD_FILE_EXTENSIONS.includes(extension)) {
    throw new Error(`${path}: unknown extension '${extension}'; expected a point cloud file, one of ${CLOUD_FILE_EXTENSIONS.join(', ')}`);
  }
  if (!existsSync(path)) throw new Error(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new Error(`${path}: not a file`);
  return extension;
}

function sampledMesh(path: string, options: ReadCloudOptions): PointCloud {
  const mesh = readOff(path);
  if (mesh.vertexCount === 0 || mesh.faces.length === 0) {
    throw new Error(`${path}: the mesh is empty (${mesh.vertexCount} vertices, ${mesh.faces.length} faces)`);
  }
  try {
    return sampleMeshSurface(mesh, options.meshPoints, new Rng(options.seed ?? 0));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

function allAtOnePoint(cloud: PointCloud): boolean {
  const p = cloud.points;
  for (let i = 3; i < p.length; i++) if (p[i] !== p[i % 3]) return false;
  return true;
}
