import * as tf from '@tensorflow/tfjs';
import { Embedding, HybridStack, Module, countParameters, prefillStack } from '@hybridssm/core';
import type { HybridStackConfig, Rng, StackCache } from '@hybridssm/core';


/**
 * A byte-level language model in the shape of nanoGPT's model.py: token embedding → a stack of
 * residual pre-norm blocks (here a hybrid layer pattern: Mamba-2, attention, MLP) → final norm →
 * output head tied to the embedding. The benchmark's model (issue 15) and the LM domain's starting point.
 */
export interface ByteLMConfig {
  /** 256: one token per byte */
  vocabSize: number;
  dModel: number;
  /** one character per block: M Mamba-2, * attention, - MLP (core's parsePattern) */
  pattern: string;
  mamba2: { dState: number; headdim: number; expand: number };
  attention: { numHeads: number };
  /** MLP hidden width = mlpRatio · dModel, GELU */
  mlpRatio: number;
}

/** The patterns compared by `hybridssm-bench train` and `generate`, each 8 blocks. */
export const BENCH_PATTERNS: Readonly<Record<string, string>> = {
  transformer: '*-*-*-*-',
  mamba2: 'MMMMMMMM',
  hybrid: 'M-M*M-M-',
};

/** Issue 15's model: d_model 256, Mamba-2 with d_state 64 / headdim 64 / expand 2, 4 heads, GELU MLP ×4. */
export const BENCH_LM: Omit<ByteLMConfig, 'pattern'> = {
  vocabSize: 256,
  dModel: 256,
  mamba2: { dState: 64, headdim: 64, expand: 2 },
  attention: { numHeads: 4 },
  mlpRatio: 4,
};

/** The HybridStack config of a byte LM. */
export function stackConfig(config: ByteLMConfig): HybridStackConfig {
  return {
    dModel: config.dModel,
    pattern: config.pattern,
    layers: {
      mamba2: { ...config.mamba2 },
      attention: { numHeads: config.attention.numHeads },
      mlp: { hidden: config.mlpRatio * config.dModel, activation: 'gelu' },
    },
  };
}

export class ByteLM extends Module {
  /** token embedding [vocab, d], also the output head's weight */
  readonly wte: Embedding;
  /** the blocks and the final norm */
  readonly backbone: HybridStack;

  constructor(readonly config: ByteLMConfig, rng: Rng) {
    super();
    this.wte = this.child('wte', new Embedding({ vocabSize: config.vocabSize, dim: config.dModel }, rng));
    this.backbone = this.child('backbone', new HybridStack(stackConfig(config), rng));
  }

  /** Number of parameters (the tied head counts once, as in nanoGPT's get_num_params). */
  numParameters(): number {
    return countParameters(this).total;
  }

  /** Hidden states [.., d] → logits [.., vocab] through the tied head: h · wteᵀ. */
  private head(h: tf.Tensor): tf.Tensor {
    const d = this.config.dModel;
    const logits = tf.matMul(tf.reshape(h, [-1, d]) as tf.Tensor2D, this.wte.weight as tf.Tensor2D, false, true);
    return tf.reshape(logits, [...h.shape.slice(0, -1), this.config.vocabSize]);
  }

  /** tokens [b,l] int32 → logits [b,l,vocab] */
  apply(tokens: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.head(this.backbone.apply(this.wte.apply(tokens))));
  }

  /** Mean cross-entropy of predicting `targets` [b,l] (the next bytes) from `tokens` [b,l]. */
  loss(tokens: tf.Tensor, targets: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const logits = tf.reshape(this.apply(tokens), [-1, this.config.vocabSize]);
      const oneHot = tf.oneHot(tf.reshape(targets, [-1]), this.config.vocabSize);
      return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
    });
  }

  /** Empty recurrent caches for `batch` sequences (conv window + SSM state per Mamba-2 block, KV cache per attention block). */
  initCache(batch: number, maxLen?: number): StackCache {
    return this.backbone.initCache(batch, maxLen);
  }

  /** One token per sequence [b] int32 → next-byte logits [b,vocab], advancing the caches. */
  step(token: tf.Tensor, cache: StackCache): tf.Tensor {
    return tf.tidy(() => this.head(this.backbone.step(this.wte.apply(token), cache)));
  }

  /**
   * Reads a context [b,s] into the caches `chunk` tokens at a time (parallel within a chunk) and
   * returns the logits after its last token [b,vocab]: then `step` continues the sequence.
   */
  prefill(context: tf.Tensor, cache: StackCache, chunk = 256): tf.Tensor {
    return tf.tidy(() => this.head(prefillStack(this.backbone, this.wte.apply(context), cache, chunk)));
  }
}
