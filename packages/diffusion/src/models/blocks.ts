import { Bidirectional, Mamba, Module, MultiHeadAttention, RMSNorm } from '@hybridssm/core';
import type { MambaConfig, Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import type { BackboneBlock } from './block-condition.js';
import { initXavierUniform } from './linear-init.js';
import { ModulatedBlock } from './modulated-block.js';
import type { BlockConfig } from './modulated-block.js';
import { AdaLnZero, ScaleShiftTable } from './modulation.js';

/** Mamba settings of the bidirectional blocks (dModel is the backbone's width). */
export type MambaSettings = Omit<MambaConfig, 'dModel'>;

/** Bidirectional self-attention over the patch tokens (qkv and output with bias), Xavier-initialised. */
function selfAttention(config: BlockConfig, rng: Rng): MultiHeadAttention {
  const attention = new MultiHeadAttention({ dModel: config.hidden, numHeads: config.heads, causal: false, bias: true }, rng);
  initXavierUniform(attention, rng);
  return attention;
}

/**
 * Vision Mamba's bidirectional scan (Zhu et al. 2024): one Mamba reads the patch sequence forward, a
 * second reads it reversed, and their outputs are summed (core's `Bidirectional`). Vim's bimamba v2, which
 * Dimba uses, shares in_proj and out_proj between the two directions; here each direction has its own.
 */
function bidirectionalMamba(hidden: number, mamba: MambaSettings, rng: Rng): Bidirectional {
  return new Bidirectional(() => new Mamba({ ...mamba, dModel: hidden }, rng), 'sum', hidden, rng);
}

/** Dimba's Transformer block (`DimbaBlock`, PixArt-α's block): adaLN-single-modulated self-attention, cross-attention, MLP. */
export class DimbaTransformerBlock extends ModulatedBlock {
  constructor(config: BlockConfig, rng: Rng) {
    super(config, { name: 'attn', module: selfAttention(config, rng) }, new ScaleShiftTable(config.hidden, rng), rng);
  }
}

/**
 * DiT's adaLN-Zero block (Peebles & Xie 2023) with the cross-attention inserted as in Dimba/PixArt (after
 * the self-attention, unmodulated), so that text conditioning is the same in all three backbones.
 */
export class DitBlock extends ModulatedBlock {
  constructor(config: BlockConfig, rng: Rng) {
    super(config, { name: 'attn', module: selfAttention(config, rng) }, new AdaLnZero(config.hidden, rng), rng);
  }
}

/**
 * The Mamba-only block of the `dim` backbone: Dimba's Transformer block with its self-attention replaced
 * by a bidirectional Mamba (DiM / DiS style), adaLN-single-modulated as in Dimba. Patch tokens mix only
 * through the Mamba scans; the cross-attention reads the caption (queries from patches, keys from text)
 * and never mixes patches, so text conditioning stays comparable with `dimba` and `dit` and only the
 * sequence mixer differs.
 */
export class DimBlock extends ModulatedBlock {
  constructor(config: BlockConfig, mamba: MambaSettings, rng: Rng) {
    super(config, { name: 'mamba', module: bidirectionalMamba(config.hidden, mamba, rng) }, new ScaleShiftTable(config.hidden, rng), rng);
  }
}

/**
 * Dimba's Mamba block: x + BiMamba(RMSNorm x), unconditioned, with the reference Mamba initialisation.
 * (Dimba's code threads a separate residual stream through its Mamba blocks, mamba_ssm's fused
 * add+norm, and passes only the mixer output on to the next Transformer block; this is the plain
 * pre-norm residual form.)
 */
export class BidirectionalMambaBlock extends Module implements BackboneBlock {
  private readonly norm: RMSNorm;
  private readonly mixer: Bidirectional;

  constructor(hidden: number, mamba: MambaSettings, rng: Rng) {
    super();
    this.norm = this.child('norm', new RMSNorm(hidden));
    this.mixer = this.child('mixer', bidirectionalMamba(hidden, mamba, rng));
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(x, this.mixer.apply(this.norm.apply(x))));
  }
}
