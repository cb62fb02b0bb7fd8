import { Rng } from '@hybridssm/core';
import type { CellContext, CellOutcome, ColumnSpec } from '@hybridssm/harness';
import { buildPointModel } from '../models/classifier.js';
import type { PointModelConfigs, PointModelName } from '../models/classifier.js';
import { evaluatePointModel } from '../train/evaluate-point-model.js';
import { fitPointModel, pointFitSteps } from '../train/fit-point-model.js';
import { loadColumnData } from './table-data.js';
import type { SyntheticSetConfig } from './table-data.js';

/** One scale of the point-cloud tables: the models' configurations and the training recipe. */
export interface PointTableConfig {
  /** each model's configuration at this scale (overrides of its reference configuration) */
  models: { [N in PointModelName]: Partial<PointModelConfigs[N]> };
  epochs: number;
  batch: number;
  learningRate: number;
  warmupEpochs: number;
  /** test-time votes of the `oa-vote` metric (Point-BERT's 10) */
  votes: number;
  /** the synthetic column's data */
  synthetic: SyntheticSetConfig;
}

/** The metrics every point-cloud table reports. */
export const POINT_TABLE_METRICS = [
  { id: 'oa', label: 'OA % (one pass)', direction: 'higher', digits: 1 },
  { id: 'macc', label: 'mAcc % (one pass)', direction: 'higher', digits: 1 },
  { id: 'oa-vote', label: 'OA % (votes)', direction: 'higher', digits: 1 },
] as const;

/**
 * Trains `model` (with `overrides` on the scale's configuration) on the column's training split and
 * returns its test OA and mAcc (one pass, as the reference logs) and OA with test-time votes; the test
 * accuracy after every epoch is the cell's curve.
 */
export async function trainAndTest<N extends PointModelName>(
  model: N,
  overrides: Partial<PointModelConfigs[N]>,
  column: ColumnSpec,
  ctx: CellContext<PointTableConfig>,
): Promise<CellOutcome> {
  const { config } = ctx;
  const data = await loadColumnData(column.settings, ctx.dataDir, config.synthetic);
  const numClasses = data.classes.length;
  const net = buildPointModel(model, { ...config.models[model], ...overrides }, numClasses, new Rng(ctx.seed));
  const testCurve: { x: number; y: number }[] = [];
  const { perEpoch } = pointFitSteps(data.train.length, config);
  try {
    const run = await fitPointModel(net, data.train, { epochs: config.epochs, batch: config.batch, learningRate: config.learningRate, warmupEpochs: config.warmupEpochs, evalEveryEpochs: 1 }, {
      seed: ctx.seed,
      checkpointPath: ctx.checkpointPath,
      logPath: ctx.logPath,
      label: `${model} ${column.id}`,
      quiet: true,
      evaluate: async () => {
        const m = await evaluatePointModel(net, data.test, { numClasses });
        return { oa: m.overallAccuracy, macc: m.meanClassAccuracy };
      },
      onStep: (step, total, loss) => ctx.report(step, total, { loss }),
    });
    for (const entry of run.evals) testCurve.push({ x: entry.step / perEpoch, y: entry.metrics.oa as number });
    const single = await evaluatePointModel(net, data.test, { numClasses });
    const voted = await evaluatePointModel(net, data.test, { numClasses, votes: config.votes, seed: ctx.seed });
    return {
      metrics: { oa: single.overallAccuracy, macc: single.meanClassAccuracy, 'oa-vote': voted.overallAccuracy, 'macc-vote': voted.meanClassAccuracy, parameters: net.numParameters() },
      curves: { 'test OA %': testCurve, 'train loss': run.losses.map((y, i) => ({ x: (i + 1) / perEpoch, y })) },
    };
  } finally {
    net.dispose();
  }
}
