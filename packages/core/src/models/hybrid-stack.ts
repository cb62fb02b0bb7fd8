import * as tf from '@tensorflow/tfjs';
import './core-blocks.js';
import { LayerNorm } from '../layers/layer-norm.js';
import { layerError, requirePositiveInteger } from '../layers/layer-errors.js';
import { Mlp } from '../layers/mlp.js';
import { Module } from '../layers/module.js';
import { RMSNorm } from '../layers/rms-norm.js';
import type { MixerContext, StateCache } from '../layers/state-cache.js';
import type { Rng } from '../util/random.js';
import { parsePattern } from './block-registry.js';
import type { BlockKind, BlockMixer, StackLayerConfigs } from './block-registry.js';
import { checkpointApply } from './recompute.js';

export type NormKind = 'rms' | 'layer';
/** pre-norm: x + mixer(norm(x)) (Megatron, Mamba); post-norm: norm(x + mixer(x)) (original Transformer, Mambaformer) */
export type ResidualKind = 'pre-norm' | 'post-norm';
/**
 * Activation recomputation in the backward pass: `true` or `'blocks'` recomputes every residual block,
 * `{ kinds: 'M*' }` only the blocks of those pattern characters, `false` none (see `checkpointApply`).
 */
export type CheckpointOption = boolean | 'blocks' | { kinds: string };

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
  /**
   * Recompute blocks in the backward instead of keeping their intermediates (default false): a gradient
   * then holds each checkpointed block's input and one block's intermediates at a time, for one more
   * forward per update. Same outputs and gradients; see docs/layers.md for the memory it saves.
   */
  checkpoint?: CheckpointOption;
}

function makeNorm(kind: NormKind, dim: number): RMSNorm | LayerNorm {
  if (kind === 'rms') return new RMSNorm(dim);
  if (kind === 'layer') return new LayerNorm(dim);
  return layerError('HybridStack', `config 'norm' must be 'rms' or 'layer'; got ${JSON.stringify(kind)}`);
}

/** Which blocks of `pattern` a checkpoint option recomputes. */
function checkpointedBlocks(option: CheckpointOption | undefined, pattern: string): boolean[] {
  const chars = [...pattern];
  if (option === undefined || option === false) return chars.map(() => false);
  if (option === true || option === 'blocks') return chars.map(() => true);
  if (typeof option === 'object' && option !== null && typeof option.kinds === 'string') {
    if (option.kinds.length > 0) parsePattern(option.kinds); // unknown characters are errors
    return chars.map((char) => option.kinds.includes(char));
  }
  return layerError('HybridStack', `config 'checkpoint' must be true, false, 'blocks' or { kinds: 'M*' }; got ${JSON.stringify(option)}`);
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
  private recomputed: boolean[];

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
    this.recomputed = checkpointedBlocks(config.checkpoint, config.pattern);
  }

  /** Switches activation recomputation (the config's `checkpoint`) for later forwards. */
  setCheckpoint(option: CheckpointOption): this {
    this.recomputed = checkpointedBlocks(option, this.config.pattern);
    return this;
  }

  /** Per block, whether its backward recomputes it. */
  checkpointed(): readonly boolean[] {
    return this.recomputed;
  }

  /** One block around its mixer's output for input h. */
  private residualBlock(block: ResidualBlock, h: tf.Tensor, mix: (input: tf.Tensor) => tf.Tensor): tf.Tensor {
    return this.residual === 'pre-norm' ? tf.add(h, mix(block.norm.apply(h))) : block.norm.apply(tf.add(h, mix(h)));
  }

  /** x [b,l,dModel] → [b,l,dModel] */
  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor {
    // a checkpointed block takes the context's tensors as inputs: they get gradients and survive until its backward
    const contextKeys = Object.entries(ctx ?? {}).flatMap(([key, value]) => (value instanceof tf.Tensor ? [key] : []));
    const contextTensors = contextKeys.map((key) => (ctx as Record<string, tf.Tensor>)[key] as tf.Tensor);
    return tf.tidy(() => {
      let h = x;
      this.blocks.forEach((block, i) => {
        const run = (input: tf.Tensor, blockCtx: MixerContext | undefined) =>
          this.residualBlock(block, input, (normed) => block.mixer.apply(normed, blockCtx));
        h = this.recomputed[i]
          ? checkpointApply(block, [h, ...contextTensors], (input, ...context) =>
              run(input, contextKeys.length === 0 ? ctx : { ...ctx, ...Object.fromEntries(contextKeys.map((key, j) => [key, context[j]])) }),
            )
          : run(h, ctx);
      });
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

  /**
   * One token x [b,dModel] → [b,dModel]. Blocks run their decode forms: the mixers' `step`, MLPs'
   * `Mlp.step` and RMSNorms' `RMSNorm.step` (fused kernels and kept transposed weights where the
   * backend gains from them), other stateless blocks `apply` on a length-1 sequence.
   */
  step(x: tf.Tensor, cache: StackCache, ctx?: MixerContext): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      this.blocks.forEach((block, i) => {
        const blockCache = cache.caches[i];
        const mixer = block.mixer;
        const mix = (input: tf.Tensor): tf.Tensor => {
          if (blockCache !== undefined) return (mixer.step as NonNullable<BlockMixer['step']>).call(mixer, input, blockCache, ctx);
          if (mixer instanceof Mlp) return mixer.step(input);
          return tf.squeeze(mixer.apply(tf.expandDims(input, 1), ctx), [1]);
        };
        h = this.residual === 'pre-norm' ? tf.add(h, mix(normStep(block.norm, h))) : normStep(block.norm, tf.add(h, mix(h)));
      });
      return this.finalNorm === undefined ? h : normStep(this.finalNorm, h);
    });
  }
}

/** A norm's decode form (RMSNorm's fused kernel), LayerNorm's apply. */
function normStep(norm: RMSNorm | LayerNorm, x: tf.Tensor): tf.Tensor {
  return norm instanceof RMSNorm ? norm.step(x) : norm.apply(x);
}
