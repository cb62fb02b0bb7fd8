import type { ColumnSpec, RowSpec, TableSpec } from '@hybridssm/harness';

/** The paper every diffusion table reproduces. */
export const DIMBA_PAPER: Omit<TableSpec['paper'], 'table'> = {
  citation: 'Fei, Fan, Yu, Li, Zhang, Huang. Dimba: Transformer-Mamba Diffusion Models. arXiv:2406.01159 (2024)',
  url: 'https://arxiv.org/abs/2406.01159',
};

/**
 * The only numbers we have of the paper: zero-shot FID-30K (presumably MS-COCO; Inception features,
 * 512 px through the SDXL VAE, ~43 M training pairs) of Dimba-L (0.9 B) and Dimba-G (1.8 B), from a
 * third-party summary (../shared/papers/diffusion-dimba.md); the paper's own table could not be read.
 */
export const DIMBA_REPORTED_FID_30K = { 'dimba-l-paper': 8.93, 'dimba-g-paper': 8.15 } as const;

/** The paper's models as rows of reported numbers only: no scale trains them. */
export const PAPER_REFERENCE_ROWS: RowSpec[] = [
  { id: 'dimba-l-paper', label: 'Dimba-L as reported (0.9 B, FID-30K; not run here)' },
  { id: 'dimba-g-paper', label: 'Dimba-G as reported (1.8 B, FID-30K; not run here)' },
];

/** The setting of the paper's numbers, a column no scale runs: other data, other scale, other features. */
export const PAPER_FID_COLUMN: ColumnSpec = {
  id: 'coco-fid30k',
  label: "The paper's FID-30K (Inception features, 512 px, ~43 M pairs; not run here, not comparable with our Fréchet distances)",
  settings: { dataset: 'coco' },
};

/** Where the paper's two numbers sit: the reference rows × the paper's column, as a Fréchet distance. */
export const PAPER_REPORTED: TableSpec['reported'] = Object.fromEntries(
  Object.entries(DIMBA_REPORTED_FID_30K).map(([row, fid]) => [row, { [PAPER_FID_COLUMN.id]: { frechet: fid } }]),
);

export const DIMBA_SOURCE_NOTE =
  "The paper's tables could not be read (../shared/papers/diffusion-dimba.md). The only numbers we have are FID-30K 8.93 (Dimba-L) " +
  'and 8.15 (Dimba-G) from a third-party summary, unverified: zero-shot text-to-image (presumably MS-COCO) at 512 px with a T5-XXL ' +
  'text encoder, the SDXL VAE and ~43 M training pairs, in Inception features. That is different data, a different scale and a different ' +
  'feature space from ours, so they are kept as reference rows that no scale runs, not beside our numbers. No baseline number is reported. ' +
  'Our Fréchet distance is measured in the features of a small classifier trained on the real images, between the generations and the real ' +
  'test images; prompt accuracy is the share of generations that classifier reads as what their prompt asked for.';
