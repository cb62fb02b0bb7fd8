import { Linear, Module } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { argumentFailure } from '../diffusion/check-args.js';
import type { Denoiser } from '../diffusion/denoiser.js';
import { mambaFollows, mlpHidden, validateBackboneConfig } from './backbone-config.js';
import type { BackboneConfig } from './backbone-config.js';
import type { BackboneBlock } from './block-condition.js';
import { BidirectionalMambaBlock, DimBlock, DimbaTransformerBlock, DitBlock } from './blocks.js';
import { CaptionEmbedder } from './caption-embedder.js';
import { T2IFinalLayer } from './final-layer.js';
import { initNormal, initXavierUniform } from './linear-init.js';
import { patchify, unpatchify } from './patchify.js';
import { positionEmbedding2d } from './position-embedding.js';
import type { TextConditioning } from './text-encoder.js';
import { AdaLnProjection, TimestepEmbedder } from './timestep-embedding.js';

function requireShape(name: string, tensor: tf.Tensor, names: readonly string[], sizes: ReadonlyArray<number | undefined>): void {
  if (tensor.rank !== sizes.length || sizes.some((size, axis) => size !== undefined && tensor.shape[axis] !== size)) {
    const expected = sizes.map((size, axis) => size ?? names[axis]).join(',');
    argumentFailure('DiffusionBackbone', name, `of shape [${names.join(',')}] = [${expected}]`, `[${tensor.shape.join(',')}]`);
  }
}

/**
 * The denoising backbone of Dimba (Fei et al. 2024) and its baselines, PixArt-α style: x_t [b, h, w, c]
 * → patches (patch embedding + 2-D sin-cos positions) → blocks conditioned on the timestep (adaLN) and
 * the caption (cross-attention) → T2IFinalLayer → unpatchify → prediction [b, h, w, c] (ε or v).
 * Kinds: `dimba` (each Transformer block followed by a bidirectional Mamba block, at `mambaRatio`),
 * `dit` (DiT adaLN-Zero Transformer blocks), `dim` (Mamba-only blocks). Any h, w divisible by the patch
 * size work; the position embedding is interpolated from the training grid (PixArt's pe_interpolation).
 */
export class DiffusionBackbone extends Module {
  private readonly patchEmbedding: Linear;
  private readonly timestepEmbedder: TimestepEmbedder;
  private readonly sharedModulation: AdaLnProjection | undefined;
  readonly captionEmbedder: CaptionEmbedder;
  /** the blocks in the order they run */
  private readonly sequence: BackboneBlock[] = [];
  private readonly finalLayer: T2IFinalLayer;

  constructor(readonly config: BackboneConfig, rng: Rng) {
    super();
    validateBackboneConfig('DiffusionBackbone', config);
    const { kind, hidden, heads, patch, channels, depth } = config;
    const pixels = patch * patch * channels;
    this.patchEmbedding = this.child('x_embedder', new Linear({ inFeatures: pixels, outFeatures: hidden }, rng));
    initXavierUniform(this.patchEmbedding, rng);
    this.timestepEmbedder = this.child('t_embedder', new TimestepEmbedder(hidden, rng));
    this.sharedModulation = kind === 'dit' ? undefined : this.child('t_block', new AdaLnProjection(hidden, 6, rng));
    if (this.sharedModulation !== undefined) initNormal(this.sharedModulation, 0.02, rng);
    this.captionEmbedder = this.child('y_embedder', new CaptionEmbedder({ textDim: config.textDim, textTokens: config.textTokens, hidden }, rng));
    const blockConfig = { hidden, heads, mlpHidden: mlpHidden(config) };
    let mambaBlocks = 0;
    for (let i = 0; i < depth; i++) {
      const block =
        kind === 'dimba' ? new DimbaTransformerBlock(blockConfig, rng) : kind === 'dit' ? new DitBlock(blockConfig, rng) : new DimBlock(blockConfig, config.mamba, rng);
      this.sequence.push(this.child(`blocks.${i}`, block));
      if (mambaFollows(config, i)) {
        this.sequence.push(this.child(`mamba_blocks.${mambaBlocks++}`, new BidirectionalMambaBlock(hidden, config.mamba, rng)));
      }
    }
    this.finalLayer = this.child('final_layer', new T2IFinalLayer(hidden, pixels, rng));
  }

  /**
   * x_t [b, h, w, channels], timesteps t [b], caption tokens [b, L, textDim] with mask [b, L] →
   * prediction [b, h, w, channels].
   */
  apply(xt: tf.Tensor, t: tf.Tensor, text: TextConditioning): tf.Tensor {
    const { channels, textDim, patch, hidden, imageSize, peInterpolation } = this.config;
    requireShape('xt', xt, ['b', 'h', 'w', 'c'], [undefined, undefined, undefined, channels]);
    const [b, height, width] = xt.shape as [number, number, number, number];
    requireShape('t', t, ['b'], [b]);
    requireShape('text.tokens', text.tokens, ['b', 'L', 'textDim'], [b, undefined, textDim]);
    requireShape('text.mask', text.mask, ['b', 'L'], [b, text.tokens.shape[1]]);
    return tf.tidy(() => {
      const patches = patchify(xt, patch);
      const positions = positionEmbedding2d(hidden, height / patch, width / patch, { baseSize: imageSize / patch, interpolation: peInterpolation });
      let x = tf.add(this.patchEmbedding.apply(patches), positions);
      const timestep = this.timestepEmbedder.apply(t);
      const condition = {
        timestep,
        sharedModulation: this.sharedModulation?.apply(timestep),
        text: { context: this.captionEmbedder.apply(text.tokens), contextMask: text.mask },
      };
      for (const block of this.sequence) x = block.apply(x, condition);
      return unpatchify(this.finalLayer.apply(x, timestep), { height, width, patch });
    });
  }

  /** This backbone as the samplers' and the loss's `Denoiser`, conditioned on `text`. */
  denoiser(text: TextConditioning): Denoiser {
    return (xt, t) => tf.tidy(() => this.apply(xt, tf.tensor1d(Float32Array.from(t)), text));
  }
}
