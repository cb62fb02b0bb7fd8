import type { ColumnSpec, TableDefinition } from '@hybridssm/harness';
import { DIMBA_PAPER, DIMBA_SOURCE_NOTE, PAPER_FID_COLUMN, PAPER_REFERENCE_ROWS, PAPER_REPORTED } from './paper.js';
import { DIFFUSION_TABLE_SCALES } from './scales.js';
import { BACKBONE_ROWS, DIFFUSION_TABLE_METRICS, trainAndScore } from './train-cell.js';
import type { DiffusionTableConfig } from './train-cell.js';

/** What differs between the diffusion tables: their data columns and which of them each scale runs. */
export interface DiffusionTableOptions {
  id: string;
  title: string;
  /** what our runs are, in the paper line ("against our … runs") */
  ourRuns: string;
  columns: ColumnSpec[];
  scaleColumns: { smoke: string[]; small: string[]; paper: string[] };
}

/**
 * A diffusion table: the three backbones trained at every scale on the given columns, the paper's
 * third-party FIDs as reference rows of a column no scale runs, scored by trainAndScore.
 */
export function diffusionTable(options: DiffusionTableOptions): TableDefinition<DiffusionTableConfig> {
  const rows = BACKBONE_ROWS.map((row) => row.id);
  const { smoke, small, paper } = DIFFUSION_TABLE_SCALES;
  const { scaleColumns } = options;
  return {
    spec: {
      domain: 'diffusion',
      id: options.id,
      title: options.title,
      paper: { ...DIMBA_PAPER, table: `Zero-shot FID-30K of Dimba-L and Dimba-G (third-party summary), against our ${options.ourRuns} runs`, note: DIMBA_SOURCE_NOTE },
      rows: [...BACKBONE_ROWS, ...PAPER_REFERENCE_ROWS],
      columns: [...options.columns, PAPER_FID_COLUMN],
      metrics: [...DIFFUSION_TABLE_METRICS],
      reported: PAPER_REPORTED,
      scales: {
        smoke: { ...smoke, rows, columns: scaleColumns.smoke },
        small: { ...small, rows, columns: scaleColumns.small },
        paper: { ...paper, rows, columns: scaleColumns.paper },
      },
    },
    runCell: trainAndScore,
  };
}
