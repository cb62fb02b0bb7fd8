import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { DIMBA_PAPER, DIMBA_SOURCE_NOTE, PAPER_FID_COLUMN, PAPER_REFERENCE_ROWS, PAPER_REPORTED } from './paper.js';
import { DIFFUSION_TABLE_SCALES, SMOKE_RESOLUTION } from './scales.js';
import { BACKBONE_ROWS, DIFFUSION_TABLE_METRICS, trainAndScore } from './train-cell.js';
import type { DiffusionTableConfig } from './train-cell.js';

const columns: ColumnSpec[] = [
  { id: 'digits', label: `Seven-segment digit glyphs (generated, no download; ${SMOKE_RESOLUTION}×${SMOKE_RESOLUTION} at smoke)`, settings: { dataset: 'digits' } },
  { id: 'mnist', label: 'MNIST (t10k split 9,000 / 1,000), 28×28', settings: { dataset: 'mnist' } },
  PAPER_FID_COLUMN,
];

const { smoke, small, paper } = DIFFUSION_TABLE_SCALES;
const rows = BACKBONE_ROWS.map((row) => row.id);

const spec: TableSpec<DiffusionTableConfig> = {
  domain: 'diffusion',
  id: 'dimba-mnist',
  title: 'Text-to-digit generation: Dimba against Transformer-only and Mamba-only backbones at equal parameters (prompt accuracy %, Fréchet distance in classifier features)',
  paper: { ...DIMBA_PAPER, table: 'Zero-shot FID-30K of Dimba-L and Dimba-G (third-party summary), against our MNIST runs', note: DIMBA_SOURCE_NOTE },
  rows: [...BACKBONE_ROWS, ...PAPER_REFERENCE_ROWS],
  columns,
  metrics: [...DIFFUSION_TABLE_METRICS],
  reported: PAPER_REPORTED,
  scales: {
    smoke: { ...smoke, rows, columns: ['digits'] },
    small: { ...small, rows, columns: ['mnist'] },
    paper: { ...paper, rows, columns: ['mnist'] },
  },
};

/** Dimba, DiT and DiM text-to-image models trained from scratch on digits with captions, scored by a digit classifier. */
export const dimbaMnistTable: TableDefinition<DiffusionTableConfig> = { spec, runCell: trainAndScore };
