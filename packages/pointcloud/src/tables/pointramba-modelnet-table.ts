import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { POINT_MODEL_NAMES } from '../models/classifier.js';
import type { PointModelName } from '../models/classifier.js';
import { POINTRAMBA_LOGGED_OA, POINTRAMBA_PAPER, POINTRAMBA_SOURCE_NOTE } from './paper.js';
import { POINT_TABLE_SCALES } from './scales.js';
import { POINT_TABLE_METRICS, trainAndTest } from './train-cell.js';
import type { PointTableConfig } from './train-cell.js';

const MODEL_LABELS: Record<PointModelName, string> = {
  pointramba: 'PoinTramba (BIO, IAP)',
  pointmamba: 'PointMamba-style (Hilbert ‖ trans-Hilbert)',
  'point-transformer': 'Point-BERT-style Transformer',
  pointnet: 'PointNet',
};

const columns: ColumnSpec[] = [
  { id: 'synthetic', label: 'Synthetic shapes (smoke)', settings: { dataset: 'synthetic' } },
  { id: 'modelnet10', label: 'ModelNet10', settings: { dataset: 'modelnet10' } },
  { id: 'modelnet40', label: 'ModelNet40 (1k points)', settings: { dataset: 'modelnet40' } },
  { id: 'scanobjectnn-objbg', label: 'ScanObjectNN OBJ-BG', settings: { dataset: 'scanobjectnn', variant: 'OBJ_BG' } },
  { id: 'scanobjectnn-objonly', label: 'ScanObjectNN OBJ-ONLY', settings: { dataset: 'scanobjectnn', variant: 'OBJ_ONLY' } },
  { id: 'scanobjectnn-pb-t50-rs', label: 'ScanObjectNN PB-T50-RS', settings: { dataset: 'scanobjectnn', variant: 'PB_T50_RS' } },
];

function reportedCell(row: PointModelName, column: string): Record<string, number | null> {
  const logged = row === 'pointramba' ? (POINTRAMBA_LOGGED_OA as Record<string, number>)[column] : undefined;
  return { oa: logged ?? null, macc: null, 'oa-vote': null };
}

const spec: TableSpec<PointTableConfig> = {
  domain: 'pointcloud',
  id: 'pointramba-modelnet',
  title: 'Shape classification: PoinTramba against Mamba-only, Transformer-only and PointNet baselines (test OA / mAcc %)',
  paper: { ...POINTRAMBA_PAPER, table: 'Classification on ModelNet40 and ScanObjectNN (numbers from the authors\' logs)', note: POINTRAMBA_SOURCE_NOTE },
  rows: POINT_MODEL_NAMES.map((id) => ({ id, label: MODEL_LABELS[id] })),
  columns,
  metrics: [...POINT_TABLE_METRICS],
  reported: Object.fromEntries(POINT_MODEL_NAMES.map((row) => [row, Object.fromEntries(columns.map((c) => [c.id, reportedCell(row, c.id)]))])),
  scales: {
    smoke: { ...POINT_TABLE_SCALES.smoke, rows: ['pointramba', 'pointnet'], columns: ['synthetic'] },
    small: { ...POINT_TABLE_SCALES.small, columns: ['modelnet10'] },
    paper: { ...POINT_TABLE_SCALES.paper, columns: columns.filter((c) => c.id !== 'synthetic').map((c) => c.id) },
  },
};

/** PoinTramba and its baselines, each trained from scratch on each dataset and tested with and without votes. */
export const pointrambaModelnetTable: TableDefinition<PointTableConfig> = {
  spec,
  runCell: (row, column, ctx) => trainAndTest(row.id as PointModelName, {}, column, ctx),
};
