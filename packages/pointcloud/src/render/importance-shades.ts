import { ArgumentError } from '@hybridssm/core';
import type { PointCloud } from '../data/point-cloud.js';
import type { CloudGroups } from '../predict/predict-cloud.js';

/**
 * Each point's shade in [0, 1] for renderCloudPng: 0 for the most important group, 1 for the least.
 * A point takes the rank of the most important group whose kNN neighbourhood holds it; a point in no
 * neighbourhood takes its nearest centre's. `ranks` [g] is each group's importance rank (0 = highest).
 */
export function importanceShades(cloud: PointCloud, groups: CloudGroups, ranks: Int32Array): Float32Array {
  const g = groups.centres.length;
  if (ranks.length !== g) throw new ArgumentError(`importanceShades: 'ranks' must have one rank per group (${g}); got ${ranks.length}`);
  if (groups.neighbours.length !== g * groups.size) {
    throw new ArgumentError(`importanceShades: 'groups.neighbours' must hold ${g} × ${groups.size} indices; got ${groups.neighbours.length}`);
  }
  const best = new Int32Array(cloud.count).fill(-1);
  for (let group = 0; group < g; group++) {
    const rank = ranks[group] as number;
    for (let j = group * groups.size; j < (group + 1) * groups.size; j++) {
      const point = groups.neighbours[j] as number;
      if (best[point] === -1 || rank < (best[point] as number)) best[point] = rank;
    }
  }
  const p = cloud.points;
  for (let point = 0; point < cloud.count; point++) {
    if (best[point] !== -1) continue;
    let nearest = Number.POSITIVE_INFINITY;
    for (let group = 0; group < g; group++) {
      const c = (groups.centres[group] as number) * 3;
      const d = ((p[point * 3] as number) - (p[c] as number)) ** 2 + ((p[point * 3 + 1] as number) - (p[c + 1] as number)) ** 2 + ((p[point * 3 + 2] as number) - (p[c + 2] as number)) ** 2;
      if (d < nearest) {
        nearest = d;
        best[point] = ranks[group] as number;
      }
    }
  }
  return Float32Array.from(best, (rank) => (g === 1 ? 0 : rank / (g - 1)));
}
