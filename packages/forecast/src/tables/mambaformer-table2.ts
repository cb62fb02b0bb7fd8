import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { MODEL_NAMES, modelLabel } from '../models/model-registry.js';
import type { ForecastScaleConfig } from './forecast-scale.js';
import { runForecastCell } from './run-forecast-cell.js';

const HORIZONS = [96, 192, 336, 720];
const DATASETS = [
  { id: 'etth1', name: 'ETTh1', label: 'ETTh1' },
  { id: 'exchange', name: 'Exchange', label: 'Exchange' },
  { id: 'electricity', name: 'Electricity', label: 'Electricity' },
];

const columns: ColumnSpec[] = [
  { id: 'synthetic-24', label: 'Synthetic 24', settings: { dataset: 'synthetic', horizon: 24 } },
  ...DATASETS.flatMap((d) => HORIZONS.map((h) => ({ id: `${d.id}-${h}`, label: `${d.label} ${h}`, settings: { dataset: d.name, horizon: h } }))),
];

const smoke: ForecastScaleConfig = {
  seqLen: 48,
  labelLen: 48,
  model: { dModel: 16, nHeads: 2, dFF: 32, dState: 8, dConv: 4, layers: 1 },
  fit: { epochs: 2, batchSize: 16, learningRate: 1e-3, patience: 3, stepsPerEpoch: 6, valWindows: 64, testWindows: 128 },
};

const small: ForecastScaleConfig = {
  seqLen: 192,
  labelLen: 192,
  model: { dModel: 16, nHeads: 2, dFF: 32, dState: 16, dConv: 4, layers: 1 },
  fit: { epochs: 3, batchSize: 32, learningRate: 1e-3, patience: 3, stepsPerEpoch: 15, valWindows: 256, testWindows: 1024 },
};

// The published setting: scripts etth1.sh / exchange_rate.sh / electricity.sh and run_exp.py defaults
// (see shared/papers/forecast-mambaformer.md).
const paper: ForecastScaleConfig = {
  seqLen: 192,
  labelLen: 192,
  model: { dModel: 512, nHeads: 8, dFF: 2048, dState: 16, dConv: 4, layers: 1 },
  fit: { epochs: 10, batchSize: 128, learningRate: 1e-4, patience: 3 },
  perDataset: { Exchange: { batchSize: 64, learningRate: 1e-3 }, Electricity: { batchSize: 64, learningRate: 5e-3 } },
};

const notFound = Object.fromEntries(
  MODEL_NAMES.map((row) => [
    row,
    Object.fromEntries(columns.filter((c) => c.id !== 'synthetic-24').map((c) => [c.id, { mse: null, mae: null }])),
  ]),
);

export const MAMBAFORMER_TABLE2_SPEC: TableSpec = {
  domain: 'forecast',
  id: 'mambaformer-table2',
  title: 'Mambaformer family vs Mamba and Transformer: MSE / MAE',
  paper: {
    citation: 'Xu, Liang, Huang, Lan, Shu. Integrating Mamba and Transformer for Long-Short Range Time Series Forecasting. arXiv:2404.14757v1 (2024)',
    table: 'Table 2',
    url: 'https://arxiv.org/abs/2404.14757v1',
    note:
      "The paper's Table 2 numbers could not be retrieved (shared/papers/forecast-mambaformer.md): every paper cell is —. " +
      'DLinear and the PatchTST-style model are reference points we add; they are not in the paper. ' +
      'The synthetic column is the smoke check (seasonal + trend + noise, generated), not a paper dataset.',
  },
  rows: MODEL_NAMES.map((id) => ({ id, label: modelLabel(id) })),
  columns,
  metrics: [
    { id: 'mse', label: 'MSE', direction: 'lower', digits: 3 },
    { id: 'mae', label: 'MAE', direction: 'lower', digits: 3 },
  ],
  reported: notFound,
  scales: {
    smoke: {
      description: 'synthetic series, horizon 24, input 48, d_model 16, 12 updates: checks the pipeline only',
      columns: ['synthetic-24'],
      config: smoke as unknown as Record<string, unknown>,
    },
    small: {
      description:
        'ETTh1 and Exchange, all horizons, the paper input length 192, d_model 16, 3 epochs of 15 updates of 32 windows, 1024 evenly spaced test windows',
      columns: DATASETS.slice(0, 2).flatMap((d) => HORIZONS.map((h) => `${d.id}-${h}`)),
      config: small as unknown as Record<string, unknown>,
    },
    paper: {
      description: 'published hyper-parameters: d_model 512, 8 heads, d_state 16, 10 epochs with early stopping, lr and batch per dataset',
      columns: DATASETS.flatMap((d) => HORIZONS.map((h) => `${d.id}-${h}`)),
      config: paper as unknown as Record<string, unknown>,
    },
  },
};

export const mambaformerTable2: TableDefinition = { spec: MAMBAFORMER_TABLE2_SPEC, runCell: runForecastCell };
