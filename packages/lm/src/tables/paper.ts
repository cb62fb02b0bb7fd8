import type { TableSpec } from '@hybridssm/harness';
import type { Architecture } from '../models/architectures.js';

/** The paper every LM table reproduces. */
export const LM_PAPER: Omit<TableSpec['paper'], 'table'> = {
  citation: 'Waleffe et al., An Empirical Study of Mamba-based Language Models, arXiv:2406.07887 (2024)',
  url: 'https://arxiv.org/abs/2406.07887',
};

export const ARCHITECTURE_LABELS: Readonly<Record<Architecture, string>> = {
  transformer: 'Transformer (attention + MLP, RoPE)',
  mamba: 'Mamba',
  mamba2: 'Mamba-2',
  'mamba2-hybrid': 'Mamba-2-Hybrid (~8% attention, half MLP)',
};
