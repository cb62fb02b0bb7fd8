import { bestEpoch } from '../train/fit.js';

/**
 * Runs of the official code (XiongxiaoXu/Mambaformer-in-Time-Series, the same code as SST/_mambaformer)
 * under the paper track's settings, unmodified, on a 2-core CPU (issue 19): its `DecoderOnly`
 * Transformer with the `etth1.sh` arguments (seq_len = label_len = 192, pred_len 96, d_model 512,
 * batch 128, lr 1e-4, lradj type1), stopped after two epochs. Per epoch: train, validation and test MSE;
 * the best-validation epoch is the one the official loop keeps (here epoch 2).
 */
export interface OfficialCodeRun {
  model: string;
  column: string;
  epochs: Array<{ train: number; val: number; test: number }>;
}

export const OFFICIAL_CODE_RUNS: readonly OfficialCodeRun[] = [
  {
    model: 'transformer',
    column: 'etth1-96',
    epochs: [
      { train: 0.559, val: 1.182, test: 0.885 },
      { train: 0.454, val: 1.054, test: 0.915 },
    ],
  },
];

/** The test MSE at the official run's best-validation epoch (what its early stopping keeps, as fitForecaster does). */
export function officialBestTest(run: OfficialCodeRun): { epoch: number; test: number } {
  const epoch = bestEpoch(run.epochs.map((e) => e.val));
  return { epoch, test: (run.epochs[epoch - 1] as { test: number }).test };
}
