import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import type { PointModelName } from '../models/classifier.js';
import type { PoinTrambaConfig } from '../models/pointramba.js';
import { POINTRAMBA_LOGGED_OA, POINTRAMBA_PAPER, POINTRAMBA_SOURCE_NOTE } from './paper.js';
import { POINT_TABLE_SCALES } from './scales.js';
import { POINT_TABLE_METRICS, trainAndTest } from './train-cell.js';
import type { PointTableConfig } from './train-cell.js';

/** The table's rows: each model at the scale's configuration, and PoinTramba with the official code's other group encoder. */
const ROWS: { id: string; label: string; model: PointModelName; overrides: Partial<PoinTrambaConfig> }[] = [
  { id: 'pointramba', label: 'PoinTramba (intra-group Transformer, BIO, IAP)', model: 'pointramba', overrides: {} },
  { id: 'pointramba-sa', label: 'PoinTramba with the mini-PointNet group encoder (--mode_group SA)', model: 'pointramba', overrides: { modeGroup: 'SA' } },
  { id: 'pointmamba', label: 'PointMamba-style (Hilbert ‖ trans-Hilbert)', model: 'pointmamba', overrides: {} },
  { id: 'point-transformer', label: 'Point-BERT-style Transformer', model: 'point-transformer', overrides: {} },
  { id: 'pointnet', label: 'PointNet', model: 'pointnet', overrides: {} },
];

const columns: ColumnSpec[] = [
  { id: 'synthetic', label: 'Synthetic shapes (smoke)', settings: { dataset: 'synthetic' } },
  { id: 'modelnet10', label: 'ModelNet10', settings: { dataset: 'modelnet10' } },
  { id: 'modelnet40', label: 'ModelNet40 (1k points)', settings: { dataset: 'modelnet40' } },
  { id: 'scanobjectnn-objbg', label: 'ScanObjectNN OBJ-BG', settings: { dataset: 'scanobjectnn', variant: 'OBJ_BG' } },
  { id: 'scanobjectnn-objonly', label: 'ScanObjectNN OBJ-ONLY', settings: { dataset: 'scanobjectnn', variant: 'OBJ_ONLY' } },
  { id: 'scanobjectnn-pb-t50-rs', label: 'ScanObjectNN PB-T50-RS', settings: { dataset: 'scanobjectnn', variant: 'PB_T50_RS' } },
];

function reportedCell(row: string, column: string): Record<string, number | null> {
  const logged = row === 'pointramba' ? (POINTRAMBA_LOGGED_OA as Record<string, number>)[column] : undefined;
  return { oa: logged ?? null, macc: null, 'oa-vote': null };
}

const spec: TableSpec<PointTableConfig> = {
  domain: 'pointcloud',
  id: 'pointramba-modelnet',
  title: 'Shape classification: PoinTramba against Mamba-only, Transformer-only and PointNet baselines (test OA / mAcc %)',
  paper: { ...POINTRAMBA_PAPER, table: 'Classification on ModelNet40 and ScanObjectNN (numbers from the authors\' logs)', note: POINTRAMBA_SOURCE_NOTE },
  rows: ROWS.map(({ id, label }) => ({ id, label })),
  columns,
  metrics: [...POINT_TABLE_METRICS],
  reported: Object.fromEntries(ROWS.map(({ id }) => [id, Object.fromEntries(columns.map((c) => [c.id, reportedCell(id, c.id)]))])),
  scales: {
    smoke: { ...POINT_TABLE_SCALES.smoke, rows: ['pointramba', 'pointnet'], columns: ['synthetic'] },
    small: { ...POINT_TABLE_SCALES.small, columns: ['modelnet10'] },
    paper: { ...POINT_TABLE_SCALES.paper, columns: columns.filter((c) => c.id !== 'synthetic').map((c) => c.id) },
  },
};

/** PoinTramba (both official group encoders) and its baselines, each trained from scratch on each dataset and tested with and without votes. */
export const pointrambaModelnetTable: TableDefinition<PointTableConfig> = {
  spec,
  runCell: (row, column, ctx) => {
    const { model, overrides } = ROWS.find((r) => r.id === row.id) as (typeof ROWS)[number];
    return trainAndTest(model, overrides, column, ctx);
  },
};
