import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { POINT_MODEL_SMALL } from '../models/classifier.js';
import { SORT_MODES } from '../models/importance.js';
import type { SortMode } from '../models/importance.js';
import { POINTRAMBA_PAPER } from './paper.js';
import { POINT_TABLE_SCALES } from './scales.js';
import { POINT_TABLE_METRICS, trainAndTest } from './train-cell.js';
import type { PointTableConfig } from './train-cell.js';

/** The official code's `--mode_sort` options (utils/parser.py), with its help texts. */
const ORDER_LABELS: Record<SortMode, string> = {
  max: 'max: importance high → low',
  min: 'min: importance low → high',
  both: 'both (BIO): high → low, then low → high',
  random: 'random order',
  no: 'no: FPS order',
  triple_xyz: 'triple_xyz: sorted by x, then y, then z (PointMamba v1)',
};

const columns: ColumnSpec[] = [
  { id: 'synthetic', label: 'Synthetic shapes (smoke)', settings: { dataset: 'synthetic' } },
  { id: 'modelnet10', label: 'ModelNet10', settings: { dataset: 'modelnet10' } },
];

const spec: TableSpec<PointTableConfig> = {
  domain: 'pointcloud',
  id: 'pointramba-ordering',
  title: "PoinTramba's group ordering ablation (the official --mode_sort options): test OA / mAcc %",
  paper: {
    ...POINTRAMBA_PAPER,
    table: 'Ablation of the bi-directional importance-aware ordering',
    note: "The paper's ablation numbers could not be read (../shared/papers/pointcloud-pointramba.md): every reported cell is —. The rows are the official code's --mode_sort options; everything else is the PoinTramba row of pointramba-modelnet.",
  },
  rows: SORT_MODES.map((id) => ({ id, label: ORDER_LABELS[id] })),
  columns,
  metrics: [...POINT_TABLE_METRICS],
  reported: Object.fromEntries(SORT_MODES.map((row) => [row, Object.fromEntries(columns.map((c) => [c.id, { oa: null, macc: null, 'oa-vote': null }]))])),
  scales: {
    smoke: { ...POINT_TABLE_SCALES.smoke, rows: ['both', 'random'], columns: ['synthetic'] },
    small: {
      description:
        'the small PoinTramba of pointramba-modelnet with its mini-PointNet group encoder (--mode_group SA: at this size it learns in a few epochs, ' +
        'the intra-group Transformer does not; see pointramba-modelnet), 2 epochs instead of 8 (the six trainings take 1.5× one PoinTramba row), otherwise the same recipe',
      config: { ...POINT_TABLE_SCALES.small.config, models: { ...POINT_MODEL_SMALL, pointramba: { ...POINT_MODEL_SMALL.pointramba, modeGroup: 'SA' } }, epochs: 2 },
      columns: ['modelnet10'],
    },
    paper: { ...POINT_TABLE_SCALES.paper, columns: ['modelnet10'] },
  },
};

/** PoinTramba trained once per ordering option, all else equal. */
export const pointrambaOrderingTable: TableDefinition<PointTableConfig> = {
  spec,
  runCell: (row, column, ctx) => trainAndTest('pointramba', { modeSort: row.id as SortMode }, column, ctx),
};
