import { Module, MultiHeadAttention } from '@hybridssm/core';
import type { Rng, SequenceMixer } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import type { BackboneBlock, BlockCondition } from './block-condition.js';
import { FeedForward } from './feed-forward.js';
import { initXavierUniform, initZero, linearChild } from './linear-init.js';
import { modulate, normalize } from './modulation.js';
import type { BlockModulation } from './modulation.js';

export interface BlockConfig {
  hidden: number;
  heads: number;
  /** the MLP's hidden width (PixArt: int(hidden · mlp_ratio)) */
  mlpHidden: number;
}

/**
 * PixArt-α's block layout, shared by the Dimba, DiT and DiM blocks, which differ in the token mixer and
 * where the adaLN vectors come from:
 *   x ← x + gate_msa · mixer(modulate(LN x, shift_msa, scale_msa))
 *   x ← x + cross_attn(x, text)           (unmodulated, to the caption tokens with their mask)
 *   x ← x + gate_mlp · mlp(modulate(LN x, shift_mlp, scale_mlp))
 * The cross-attention and MLP are Xavier-initialised with the cross-attention output zeroed (PixArt's
 * `initialize`), so the text path starts silent.
 */
export class ModulatedBlock extends Module implements BackboneBlock {
  private readonly mixer: SequenceMixer;
  private readonly modulation: BlockModulation;
  private readonly crossAttention: MultiHeadAttention;
  private readonly mlp: FeedForward;

  constructor(config: BlockConfig, mixer: { name: string; module: SequenceMixer }, modulation: BlockModulation, rng: Rng) {
    super();
    const { hidden, heads, mlpHidden } = config;
    this.mixer = this.child(mixer.name, mixer.module);
    this.crossAttention = this.child('cross_attn', new MultiHeadAttention({ dModel: hidden, numHeads: heads, contextDim: hidden, bias: true }, rng));
    this.mlp = this.child('mlp', new FeedForward({ inFeatures: hidden, hiddenFeatures: mlpHidden }, rng));
    this.modulation = this.child('modulation', modulation);
    initXavierUniform(this.crossAttention, rng);
    initZero(linearChild(this.crossAttention, 'out_proj'));
    initXavierUniform(this.mlp, rng);
  }

  apply(x: tf.Tensor, condition: BlockCondition): tf.Tensor {
    return tf.tidy(() => {
      const [shiftMix, scaleMix, gateMix, shiftMlp, scaleMlp, gateMlp] = tf.split(this.modulation.vectors(condition), 6, 1) as [
        tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor,
      ];
      let h = tf.add(x, tf.mul(gateMix, this.mixer.apply(modulate(normalize(x), shiftMix, scaleMix))));
      h = tf.add(h, this.crossAttention.apply(h, condition.text));
      return tf.add(h, tf.mul(gateMlp, this.mlp.apply(modulate(normalize(h), shiftMlp, scaleMlp))));
    });
  }
}
