import { existsSync } from 'node:fs';

/** The command that downloads a point-cloud dataset, without the dataset's name. */
export const POINTCLOUD_FETCH_COMMAND = 'pnpm hybridssm pointcloud fetch';

/** Throws, naming the path and the fetch command, unless `path` (a dataset's folder or file) exists. */
export function requireDatasetPath(path: string, dataset: string): void {
  if (!existsSync(path)) {
    throw new Error(`${dataset}: ${path} not found; run \`${POINTCLOUD_FETCH_COMMAND} ${dataset}\` or pass --data-dir`);
  }
}
