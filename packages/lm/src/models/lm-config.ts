import { ArgumentError, solveWidth, stackParameterCount } from '@hybridssm/core';
import type { HybridStackConfig } from '@hybridssm/core';
import { architecturePattern, checkPattern } from './architectures.js';
import type { Architecture } from './architectures.js';

/** Everything that defines a language model's shape; saved in its checkpoint, so `loadModel` rebuilds it. */
export interface LmConfig {
  /** the family the pattern came from, or 'custom' for a user's `--pattern` */
  architecture: Architecture | 'custom';
  vocabSize: number;
  dModel: number;
  /** one character per residual block: M Mamba-2, m Mamba, * attention, - MLP */
  pattern: string;
  mamba: { dState: number; expand: number; dConv: number };
  mamba2: { dState: number; headdim: number; expand: number; ngroups: number };
  /** RoPE base for attention, or none: a stack with Mamba layers has no position encoding (the paper's hybrid) */
  attention: { numHeads: number; ropeBase?: number };
  /** MLP hidden width = mlpRatio · dModel, GELU */
  mlpRatio: number;
  /** the output head shares the embedding's weight (nanoGPT); the paper unties them */
  tieEmbeddings: boolean;
  /** the longest sequence (prompt + generated tokens) `generate` accepts */
  maxSeqLen: number;
}

/** A model size: the hybrid's width and depth; every architecture is solved to the hybrid's parameter count. */
export interface LmPreset {
  description: string;
  /** pattern characters (blocks) */
  layers: number;
  dModel: number;
  mamba2: { dState: number; headdim: number };
  mambaDState: number;
  numHeads: number;
}

export const LM_PRESETS: Readonly<Record<string, LmPreset>> = {
  tiny: { description: 'tests and smoke runs: 4 blocks, d_model 32', layers: 4, dModel: 32, mamba2: { dState: 16, headdim: 16 }, mambaDState: 8, numHeads: 2 },
  mini: { description: 'recall tables on a CPU: 4 blocks, d_model 64', layers: 4, dModel: 64, mamba2: { dState: 16, headdim: 16 }, mambaDState: 16, numHeads: 4 },
  small: { description: 'text on a CPU: 8 blocks, d_model 128', layers: 8, dModel: 128, mamba2: { dState: 32, headdim: 32 }, mambaDState: 16, numHeads: 4 },
  base: { description: "issue 15's benchmark size: 8 blocks, d_model 256 (~3.5 M parameters)", layers: 8, dModel: 256, mamba2: { dState: 64, headdim: 64 }, mambaDState: 16, numHeads: 4 },
  // 8 blocks cannot hold the paper's 8 % attention (one layer is 12.5 %, against the Transformer's four);
  // 24 do: the hybrid has 2 attention layers (8.3 %), the Transformer at equal parameters 12
  deep: { description: "the paper's attention share: 24 blocks, 2 of them attention in the hybrid, d_model 128 (~3 M parameters)", layers: 24, dModel: 128, mamba2: { dState: 64, headdim: 32 }, mambaDState: 16, numHeads: 4 },
};

/** The preset of a user's `--preset`, with a clear error naming the known ones. */
export function lmPreset(name: string): LmPreset {
  const preset = LM_PRESETS[name];
  if (preset === undefined) throw new ArgumentError(`preset must be one of ${Object.keys(LM_PRESETS).join(', ')}; got ${JSON.stringify(name)}`);
  return preset;
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}

/** The HybridStack config of a language model (blocks and the final norm). */
export function lmStackConfig(config: LmConfig): HybridStackConfig {
  return {
    dModel: config.dModel,
    pattern: config.pattern,
    layers: {
      mamba: { ...config.mamba },
      mamba2: { ...config.mamba2 },
      attention: { numHeads: config.attention.numHeads, ...(config.attention.ropeBase === undefined ? {} : { ropeBase: config.attention.ropeBase }) },
      mlp: { hidden: config.mlpRatio * config.dModel, activation: 'gelu' },
    },
  };
}

/** Parameters of a language model without building it: embedding, stack, and an untied head. */
export function lmParameterCount(config: LmConfig): number {
  const embedding = config.vocabSize * config.dModel;
  return embedding + stackParameterCount(lmStackConfig(config)) + (config.tieEmbeddings ? 0 : embedding);
}

export interface LmConfigOptions {
  preset: string;
  vocabSize: number;
  /** a family (its pattern at the preset's depth), or … */
  architecture?: Architecture;
  /** … any layer pattern (then the width is the preset's, unsolved) */
  pattern?: string;
  /** default false, as in the paper */
  tieEmbeddings?: boolean;
  /** default 65,536 */
  maxSeqLen?: number;
  /** solve the width so that every architecture has the preset hybrid's parameter count (default true) */
  matchParameters?: boolean;
}

/**
 * The config of one model: the preset's hybrid fixes the parameter budget, and an architecture's width
 * is the multiple of half the Mamba-2 head dimension (and of the attention heads) whose parameter count is closest to it (core's
 * solveWidth), so that the families are compared at equal parameters as in the paper.
 */
export function lmConfig(options: LmConfigOptions): LmConfig {
  const preset = lmPreset(options.preset);
  if (options.architecture === undefined && options.pattern === undefined) throw new ArgumentError("lmConfig: give an 'architecture' or a 'pattern'");
  const pattern = options.pattern !== undefined ? checkPattern(options.pattern) : architecturePattern(options.architecture as Architecture, preset.layers);
  const recurrent = /[Mm]/.test(pattern);
  const base = (dModel: number, layerPattern: string, ropeBase: number | undefined): LmConfig => ({
    architecture: options.pattern !== undefined ? 'custom' : (options.architecture as Architecture),
    vocabSize: options.vocabSize,
    dModel,
    pattern: layerPattern,
    mamba: { dState: preset.mambaDState, expand: 2, dConv: 4 },
    mamba2: { dState: preset.mamba2.dState, headdim: preset.mamba2.headdim, expand: 2, ngroups: 1 },
    attention: { numHeads: preset.numHeads, ...(ropeBase === undefined ? {} : { ropeBase }) },
    mlpRatio: 4,
    tieEmbeddings: options.tieEmbeddings ?? false,
    maxSeqLen: options.maxSeqLen ?? 65_536,
  });
  // a pure-attention stack needs positions (RoPE); the recurrence gives them to any stack with Mamba layers
  const config = base(preset.dModel, pattern, recurrent ? undefined : 10_000);
  if (options.pattern !== undefined || options.matchParameters === false) return config;
  const target = lmParameterCount(base(preset.dModel, architecturePattern('mamba2-hybrid', preset.layers), undefined));
  // d_inner = 2·d_model must hold whole Mamba-2 heads, and d_model whole attention heads
  const step = lcm(preset.mamba2.headdim / 2, preset.numHeads);
  const { width } = solveWidth(target, (dModel) => lmParameterCount({ ...config, dModel }), { multipleOf: step, min: step, max: 16 * preset.dModel });
  return { ...config, dModel: width };
}
