import type { Rng } from '@hybridssm/core';
import { DecoderOnlyForecaster } from './decoder-only.js';
import { DLinear } from './dlinear.js';
import type { Forecaster, ForecasterDims } from './forecaster.js';
import { PatchTst, type PatchTstConfig } from './patchtst.js';

/** Hyper-parameters shared by the models of a table scale (the Mambaformer code's run_exp.py names). */
export interface ModelHyperParameters {
  dModel: number;
  nHeads: number;
  dFF: number;
  dState: number;
  dConv: number;
  /** d_layers */
  layers: number;
  /** reversible instance normalisation for the family (off in the paper) */
  revin?: boolean;
  /** channel independence for the family: one univariate series per variable (the paper mixes channels) */
  channelIndependent?: boolean;
  /** the code's `dropout` (0.05 in the paper's runs); default 0 */
  dropout?: number;
  /**
   * the family reads patches (PatchTST's length 16, stride 8, learned positions, flatten head) instead of
   * the decoder-only input of one token per step; needs RevIN and channel independence; no calendar features
   */
  patch?: boolean;
}

/**
 * The Mambaformer family as layer patterns of one post-norm stack (m Mamba, * causal attention,
 * - feed-forward), read from the paper's code: MambaFormer = Mamba pre-processing layer then
 * d_layers × (attention, Mamba); AttMam = d_layers × (attention, Mamba); MamAtt = d_layers × (Mamba,
 * attention); Mamba = d_layers × Mamba; DecoderOnly = d_layers × (attention, FFN). Position encoding
 * only where the paper's scripts use embed_type 1.
 */
export const FAMILY = {
  mambaformer: { label: 'Mambaformer', pattern: (l: number) => `m${'*m'.repeat(l)}`, positional: false },
  'attention-mamba': { label: 'Attention-Mamba', pattern: (l: number) => '*m'.repeat(l), positional: true },
  'mamba-attention': { label: 'Mamba-Attention', pattern: (l: number) => 'm*'.repeat(l), positional: false },
  mamba: { label: 'Mamba', pattern: (l: number) => 'm'.repeat(l), positional: false },
  transformer: { label: 'Transformer', pattern: (l: number) => '*-'.repeat(l), positional: true },
} as const;

export const BASELINES = { dlinear: { label: 'DLinear' }, patchtst: { label: 'PatchTST-style' } } as const;

export type ModelName = keyof typeof FAMILY | keyof typeof BASELINES;
export const MODEL_NAMES = [...Object.keys(FAMILY), ...Object.keys(BASELINES)] as ModelName[];

export function modelLabel(name: ModelName): string {
  return name in FAMILY ? FAMILY[name as keyof typeof FAMILY].label : BASELINES[name as keyof typeof BASELINES].label;
}

/** Builds a forecaster by name; unknown names list the known ones. */
export function buildForecaster(name: string, hp: ModelHyperParameters, dims: ForecasterDims, rng: Rng): Forecaster {
  if (name in FAMILY) {
    const member = FAMILY[name as keyof typeof FAMILY];
    if (hp.patch === true) {
      if (hp.revin !== true || hp.channelIndependent !== true) throw new Error(`model '${name}': the patch option needs revin and channelIndependent; got revin ${hp.revin ?? false}, channelIndependent ${hp.channelIndependent ?? false}`);
      const encoder = { pattern: member.pattern(hp.layers), causal: true, dState: hp.dState, dConv: hp.dConv };
      return new PatchTst({ ...patchTstSettings(hp), encoder }, dims, rng);
    }
    return new DecoderOnlyForecaster(
      { pattern: member.pattern(hp.layers), positional: member.positional, dModel: hp.dModel, nHeads: hp.nHeads, dFF: hp.dFF, dState: hp.dState, dConv: hp.dConv, revin: hp.revin ?? false, channelIndependent: hp.channelIndependent ?? false, dropout: hp.dropout ?? 0 },
      dims,
      rng,
    );
  }
  if (name === 'dlinear') return new DLinear(dims);
  if (name === 'patchtst') {
    return new PatchTst(patchTstSettings(hp), dims, rng);
  }
  throw new Error(`unknown model '${name}'; models: ${MODEL_NAMES.join(', ')}`);
}

/** PatchTST's patches (length 16, stride 8) at the scale's width. */
function patchTstSettings(hp: ModelHyperParameters): PatchTstConfig {
  return { dModel: hp.dModel, nHeads: hp.nHeads, dFF: hp.dFF, layers: Math.max(1, hp.layers), patchLen: 16, stride: 8 };
}
