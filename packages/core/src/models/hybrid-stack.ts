import * as tf from '@tensorflow/tfjs';
import './core-blocks.js';
import { LayerNorm } from '../layers/layer-norm.js';
import { layerError, requirePositiveInteger } from '../layers/layer-errors.js';
import { Module } from '../layers/module.js';
import { RMSNorm } from '../layers/rms-norm.js';
import type { MixerContext, StateCache } from '../layers/state-cache.js';
import type { Rng } from '../util/random.js';
import { parsePattern } from './block-registry.js';
import type { BlockKind, BlockMixer, StackLayerConfigs } from './block-registry.js';

export type NormKind = 'rms' | 'layer';
/** pre-norm: x + mixer(norm(x)) (Megatron, Mamba); post-norm: norm(x + mixer(x)) (original Transformer, Mambaformer) */
export type ResidualKind = 'pre-norm' | 'post-norm';

export interface HybridStackConfig {
  dModel: number;
  /** one character per residual block, e.g. "M-M-M*-" (see DESIGN.md §Layers) */
  pattern: string;
  layers?: StackLayerConfigs;
  /** default 'rms' */
  norm?: NormKind;
  /** default 'pre-norm' */
  residual?: ResidualKind;
  /** a norm after the last block; default true for pre-norm, false for post-norm */
  finalNorm?: boolean;
}

function makeNorm(kind: NormKind, dim: number): RMSNorm | LayerNorm {
  if (kind === 'rms') return new RMSNorm(dim);
  if (kind === 'layer') return new LayerNorm(dim);
  return layerError('HybridStack', `config 'norm' must be 'rms' or 'layer'; got ${JSON.stringify(kind)}`);
}

/** One residual block: x + mixer(norm(x)) (pre-norm) or norm(x + mixer(x)) (post-norm). */
class ResidualBlock extends Module {
  readonly norm: RMSNorm | LayerNorm;
  readonly mixer: BlockMixer;

  constructor(readonly kind: BlockKind, dModel: number, norm: NormKind, configs: StackLayerConfigs, rng: Rng) {
    super();
    this.parameterGroup = kind.name;
    this.norm = this.child('norm', makeNorm(norm, dModel));
    this.mixer = this.child('mixer', kind.create(dModel, configs, rng));
  }
}

/** The recurrent state of a whole stack: one cache per stateful block. */
export class StackCache {
  constructor(readonly caches: ReadonlyArray<StateCache | undefined>) {}

  dispose(): void {
    for (const cache of this.caches) cache?.dispose();
  }
}

/**
 * A hybrid stack from a layer pattern (Megatron-LM's hybrid models): residual blocks (pre-norm with a
 * final norm by default; post-norm as in the Mambaformer code). `apply` runs whole sequences; `step` runs one token through every block with the caches
 * from `initCache` and equals `apply` position by position.
 */
export class HybridStack extends Module {
  readonly blocks: ResidualBlock[];
  readonly finalNorm: RMSNorm | LayerNorm | undefined;
  readonly residual: ResidualKind;

  constructor(readonly config: HybridStackConfig, rng: Rng) {
    super();
    const d = requirePositiveInteger('HybridStack', 'dModel', config.dModel);
    const kinds = parsePattern(config.pattern);
    const norm = config.norm ?? 'rms';
    this.residual = config.residual ?? 'pre-norm';
    if (this.residual !== 'pre-norm' && this.residual !== 'post-norm') {
      layerError('HybridStack', `config 'residual' must be 'pre-norm' or 'post-norm'; got ${JSON.stringify(config.residual)}`);
    }
    this.blocks = kinds.map((kind, i) => this.child(`layers.${i}`, new ResidualBlock(kind, d, norm, config.layers ?? {}, rng)));
    const finalNorm = config.finalNorm ?? this.residual === 'pre-norm';
    this.finalNorm = finalNorm ? this.child('norm_f', makeNorm(norm, d)) : undefined;
  }

  /** x [b,l,dModel] → [b,l,dModel] */
  /** One block around its mixer's output for input h. */
  private residualBlock(block: ResidualBlock, h: tf.Tensor, mix: (input: tf.Tensor) => tf.Tensor): tf.Tensor {
    return this.residual === 'pre-norm' ? tf.add(h, mix(block.norm.apply(h))) : block.norm.apply(tf.add(h, mix(h)));
  }

  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      for (const block of this.blocks) h = this.residualBlock(block, h, (input) => block.mixer.apply(input, ctx));
      return this.finalNorm === undefined ? h : this.finalNorm.apply(h);
    });
  }

  initCache(batch: number, maxLen?: number): StackCache {
    return new StackCache(
      this.blocks.map((block, i) => {
        if (block.kind.stateless) return undefined;
        if (block.mixer.initCache === undefined) {
          layerError('HybridStack', `block ${i} ('${block.kind.char}', ${block.kind.name}) cannot run token by token`);
        }
        return block.mixer.initCache(batch, maxLen);
      }),
    );
  }

  /** One token x [b,dModel] → [b,dModel]. */
  step(x: tf.Tensor, cache: StackCache, ctx?: MixerContext): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      this.blocks.forEach((block, i) => {
        const blockCache = cache.caches[i];
        h = this.residualBlock(block, h, (input) =>
          blockCache === undefined
            ? tf.squeeze(block.mixer.apply(tf.expandDims(input, 1), ctx), [1])
            : (block.mixer.step as NonNullable<BlockMixer['step']>).call(block.mixer, input, blockCache, ctx),
        );
      });
      return this.finalNorm === undefined ? h : this.finalNorm.apply(h);
    });
  }
}
