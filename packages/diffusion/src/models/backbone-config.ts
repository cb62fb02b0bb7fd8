import { argumentFailure, checkOneOf } from '../diffusion/check-args.js';
import type { MambaSettings } from './blocks.js';

export const BACKBONE_KINDS = ['dimba', 'dit', 'dim'] as const;
/** `dimba`: Transformer and bidirectional Mamba blocks alternating; `dit`: Transformer only; `dim`: Mamba only. */
export type BackboneKind = (typeof BACKBONE_KINDS)[number];

export const BACKBONE_PRESETS = ['tiny', 'small', 'L'] as const;
/** `tiny` for tests, `small` for CPU tables (28×28 MNIST), `L` the paper's Dimba-L for parameter counts. */
export type BackbonePreset = (typeof BACKBONE_PRESETS)[number];

export interface BackboneConfig {
  kind: BackboneKind;
  hidden: number;
  /** Transformer (dimba, dit) or DiM (dim) blocks */
  depth: number;
  heads: number;
  patch: number;
  /** the training resolution (square, pixels or latent cells): sets the position embedding's base grid */
  imageSize: number;
  channels: number;
  /** width of the text encoder's tokens */
  textDim: number;
  /** caption length L (the text encoder's maxTokens): the null caption's length */
  textTokens: number;
  /** MLP width = ⌊mlpRatio · hidden⌋ (PixArt's mlp_ratio) */
  mlpRatio: number;
  /** dimba: Mamba blocks per Transformer block (Dimba's mamba_ratio); ratio·depth must divide depth, or be 0 */
  mambaRatio: number;
  /** PixArt's pe_interpolation */
  peInterpolation: number;
  /** settings of every Mamba (default: d_state 16, d_conv 4, expand 2) */
  mamba: MambaSettings;
}

type PresetFields = Omit<BackboneConfig, 'kind' | 'mlpRatio' | 'mambaRatio' | 'peInterpolation' | 'mamba'>;

const PRESETS: Record<BackbonePreset, PresetFields> = {
  tiny: { hidden: 32, depth: 2, heads: 2, patch: 2, imageSize: 8, channels: 1, textDim: 16, textTokens: 16 },
  // patch 4 (a 7×7 grid) keeps a training step under a second on two CPU cores; patch 2 (the paper's) costs ~3×
  small: { hidden: 64, depth: 4, heads: 4, patch: 4, imageSize: 28, channels: 1, textDim: 64, textTokens: 64 },
  // Dimba_L_2: 28 blocks, hidden 1152, 16 heads, patch 2, on 64×64×4 SDXL-VAE latents (512 px), T5-XXL captions (4096 wide, 120 tokens)
  L: { hidden: 1152, depth: 28, heads: 16, patch: 2, imageSize: 64, channels: 4, textDim: 4096, textTokens: 120 },
};

export type BackboneOptions = Partial<BackboneConfig> & {
  kind: BackboneKind;
  /** default 'small' */
  preset?: BackbonePreset;
};

/** A preset (default `small`) with `options` over it, validated. */
export function backboneConfig(options: BackboneOptions): BackboneConfig {
  const { preset = 'small', ...overrides } = options;
  checkOneOf('backboneConfig', 'preset', preset, BACKBONE_PRESETS);
  const config: BackboneConfig = { ...PRESETS[preset], mlpRatio: 4, mambaRatio: 1, peInterpolation: 1, mamba: {}, ...overrides };
  validateBackboneConfig('backboneConfig', config);
  return config;
}

const INTEGER_FIELDS = ['hidden', 'depth', 'heads', 'patch', 'imageSize', 'channels', 'textDim', 'textTokens'] as const;

/** Throws an ArgumentError naming the first field of `config` that is invalid. */
export function validateBackboneConfig(op: string, config: BackboneConfig): void {
  checkOneOf(op, 'kind', config.kind, BACKBONE_KINDS);
  for (const field of INTEGER_FIELDS) {
    const value = config[field];
    if (!Number.isInteger(value) || value < 1) argumentFailure(op, field, 'a positive integer', String(value));
  }
  const { hidden, heads, patch, imageSize, depth } = config;
  if (hidden % heads !== 0 || hidden % 4 !== 0) argumentFailure(op, 'hidden', `a multiple of 4 (2-D position embedding) and of heads=${heads}`, String(hidden));
  if (imageSize % patch !== 0) argumentFailure(op, 'imageSize', `divisible by patch=${patch}`, String(imageSize));
  if (!(mlpHidden(config) >= 1)) argumentFailure(op, 'mlpRatio', 'a positive number', String(config.mlpRatio));
  if (!(config.peInterpolation > 0)) argumentFailure(op, 'peInterpolation', 'a positive number', String(config.peInterpolation));
  const mambaBlocks = config.mambaRatio * depth;
  const count = Math.round(mambaBlocks);
  if (!(config.mambaRatio >= 0 && config.mambaRatio <= 1) || Math.abs(mambaBlocks - count) > 1e-9 || (count > 0 && depth % count !== 0)) {
    argumentFailure(op, 'mambaRatio', `in [0, 1] with mambaRatio·depth a divisor of depth=${depth} (or 0)`, String(config.mambaRatio));
  }
}

/** The MLP's hidden width. */
export function mlpHidden(config: BackboneConfig): number {
  return Math.floor(config.mlpRatio * config.hidden);
}

/** Number of bidirectional Mamba blocks between the Transformer blocks (dimba only). */
export function mambaBlockCount(config: BackboneConfig): number {
  return config.kind === 'dimba' ? Math.round(config.mambaRatio * config.depth) : 0;
}

/**
 * Whether a Mamba block follows Transformer block `i` (Dimba's layout): after every block at
 * mamba_ratio 1, otherwise after blocks i with i mod gap = 1, gap = depth / (Mamba block count).
 */
export function mambaFollows(config: BackboneConfig, i: number): boolean {
  const count = mambaBlockCount(config);
  if (count === 0) return false;
  const gap = config.depth / count;
  return gap === 1 || i % gap === 1;
}
