import type { MixerContext, Module } from '@hybridssm/core';
import type * as tf from '@tensorflow/tfjs';

/** What every backbone block may read besides the patch tokens. */
export interface BlockCondition {
  /** the timestep embedding [b, hidden] (DiT's c) */
  timestep: tf.Tensor;
  /** t_block(timestep) [b, 6·hidden]: PixArt-α's adaLN-single projection, shared by the blocks; absent in DiT */
  sharedModulation?: tf.Tensor;
  /** cross-attention context: the projected caption tokens [b, L, hidden] and their mask [b, L] */
  text: MixerContext;
}

/** A block of the diffusion backbone: patch tokens [b, n, hidden] → [b, n, hidden]. */
export interface BackboneBlock extends Module {
  apply(x: tf.Tensor, condition: BlockCondition): tf.Tensor;
}
