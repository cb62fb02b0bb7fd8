import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@hybridssm/core';
import { runOneCell } from '@hybridssm/harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { pointcloudDomain } from '../domain.js';
import { pointrambaOrderingTable } from './ordering-table.js';
import { pointrambaModelnetTable } from './pointramba-modelnet-table.js';
import type { PointTableConfig } from './train-cell.js';

async function smokeCell(table: typeof pointrambaModelnetTable, row: string, column: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pointcloud-cell-'));
  const config: PointTableConfig = { ...table.spec.scales.smoke.config, epochs: 1 };
  return runOneCell(table, { row, column, config, dir });
}

describe('point-cloud tables', () => {
  beforeAll(() => initBackend('wasm'));

  it('the domain validates; every small/paper cell names a row and column of its table; baselines carry no quoted numbers', () => {
    expect(pointcloudDomain.tables.map((t) => t.spec.id)).toEqual(['pointramba-modelnet', 'pointramba-ordering']);
    expect(pointrambaOrderingTable.spec.rows.map((r) => r.id)).toEqual(['max', 'min', 'both', 'random', 'no', 'triple_xyz']);
    const reported = pointrambaModelnetTable.spec.reported;
    expect(reported.pointramba?.modelnet40?.oa).toBeCloseTo(92.83, 2);
    for (const row of ['pointmamba', 'point-transformer', 'pointnet']) {
      for (const cell of Object.values(reported[row] ?? {})) expect(Object.values(cell).every((v) => v === null)).toBe(true);
    }
  });

  it('a smoke cell trains, tests with votes and reports accuracies in [0, 100], deterministically and without leaks', async () => {
    const before = tf.memory().numTensors;
    const first = await smokeCell(pointrambaModelnetTable, 'pointnet', 'synthetic');
    const again = await smokeCell(pointrambaModelnetTable, 'pointnet', 'synthetic');
    for (const metric of ['oa', 'macc', 'oa-vote']) {
      expect(first.metrics[metric]).toBeGreaterThanOrEqual(0);
      expect(first.metrics[metric]).toBeLessThanOrEqual(100);
    }
    expect(again.metrics).toEqual(first.metrics);
    expect(first.curves?.['test OA %']).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('an ordering cell trains PoinTramba with the row\'s --mode_sort', async () => {
    const outcome = await smokeCell(pointrambaOrderingTable, 'triple_xyz', 'synthetic');
    expect(outcome.metrics.parameters).toBeGreaterThan(0);
  }, 60_000);
});
