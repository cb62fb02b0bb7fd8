import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { DIMBA_PAPER, DIMBA_SOURCE_NOTE, PAPER_FID_COLUMN, PAPER_REFERENCE_ROWS, PAPER_REPORTED } from './paper.js';
import { DIFFUSION_TABLE_SCALES, SMOKE_RESOLUTION } from './scales.js';
import { BACKBONE_ROWS, DIFFUSION_TABLE_METRICS, trainAndScore } from './train-cell.js';
import type { DiffusionTableConfig } from './train-cell.js';

const columns: ColumnSpec[] = [
  {
    id: 'shapes-32',
    label: `Compositional shapes (one or two coloured shapes, placements and relations), 32×32 RGB (${SMOKE_RESOLUTION}×${SMOKE_RESOLUTION} at smoke)`,
    settings: { dataset: 'shapes', resolution: 32 },
  },
  PAPER_FID_COLUMN,
];

const { smoke, small, paper } = DIFFUSION_TABLE_SCALES;
const rows = BACKBONE_ROWS.map((row) => row.id);

const spec: TableSpec<DiffusionTableConfig> = {
  domain: 'diffusion',
  id: 'dimba-shapes',
  title: 'Compositional text-to-image generation: Dimba against Transformer-only and Mamba-only backbones at equal parameters (prompt accuracy %, Fréchet distance in classifier features)',
  paper: { ...DIMBA_PAPER, table: 'Zero-shot FID-30K of Dimba-L and Dimba-G (third-party summary), against our synthetic-shapes runs', note: DIMBA_SOURCE_NOTE },
  rows: [...BACKBONE_ROWS, ...PAPER_REFERENCE_ROWS],
  columns,
  metrics: [...DIFFUSION_TABLE_METRICS],
  reported: PAPER_REPORTED,
  scales: {
    smoke: { ...smoke, rows, columns: ['shapes-32'] },
    small: { ...small, rows, columns: ['shapes-32'] },
    paper: { ...paper, rows, columns: ['shapes-32'] },
  },
};

/**
 * Dimba, DiT and DiM trained from scratch on captioned scenes of coloured shapes, scored by a
 * classifier of every attribute a caption names: a compositional prompt-following test.
 */
export const dimbaShapesTable: TableDefinition<DiffusionTableConfig> = { spec, runCell: trainAndScore };
