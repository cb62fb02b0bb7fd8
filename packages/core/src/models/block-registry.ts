import type * as tf from '@tensorflow/tfjs';
import { ArgumentError } from '../ops/arg-checker.js';
import type { AttentionConfig } from '../layers/attention.js';
import type { Mamba2Config } from '../layers/mamba2.js';
import type { MambaConfig } from '../layers/mamba.js';
import type { MlpConfig } from '../layers/mlp.js';
import type { Module } from '../layers/module.js';
import type { MixerContext, StateCache } from '../layers/state-cache.js';
import type { Rng } from '../util/random.js';

/** The per-kind settings of a hybrid stack (dModel is the stack's). */
export interface StackLayerConfigs {
  mamba2?: Omit<Mamba2Config, 'dModel'>;
  mamba?: Omit<MambaConfig, 'dModel'>;
  attention?: Omit<AttentionConfig, 'dModel'>;
  mlp?: Omit<MlpConfig, 'dModel'>;
  /** settings of blocks that domains register */
  [kind: string]: object | undefined;
}

/** What a block of a hybrid stack does; `step` is present for blocks usable in recurrent generation. */
export interface BlockMixer extends Module {
  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor;
  initCache?(batch: number, maxLen?: number): StateCache;
  step?(x: tf.Tensor, cache: StateCache, ctx?: MixerContext): tf.Tensor;
}

export interface BlockKind {
  /** the pattern character */
  char: string;
  /** human-readable name, also the key of `countParameters` totals */
  name: string;
  create(dModel: number, configs: StackLayerConfigs, rng: Rng): BlockMixer;
  /** true for blocks without state across positions (MLP): `step` is `apply` on one token */
  stateless?: boolean;
  /** closed-form parameter count of the mixer (without the block's norm), for width solving */
  parameterCount?(dModel: number, configs: StackLayerConfigs): number;
}

const registry = new Map<string, BlockKind>();

/**
 * Adds a block kind to the layer-pattern language. Core registers M, m, * and -; domains add theirs
 * (e.g. cross-attention, bidirectional Mamba) the same way, without editing core.
 */
export function registerBlock(kind: BlockKind): void {
  if ([...kind.char].length !== 1) throw new ArgumentError(`registerBlock: 'char' must be one character; got ${JSON.stringify(kind.char)}`);
  const existing = registry.get(kind.char);
  if (existing !== undefined && existing !== kind) {
    throw new ArgumentError(`registerBlock: character '${kind.char}' is already registered for ${existing.name}`);
  }
  registry.set(kind.char, kind);
}

export function registeredBlocks(): BlockKind[] {
  return [...registry.values()];
}

/**
 * Parses a layer pattern such as "M-M-M*-" into block kinds, one per character (Megatron-LM's hybrid
 * layer pattern). An unknown character is an error naming it and its position.
 */
export function parsePattern(pattern: string): BlockKind[] {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new ArgumentError(`parsePattern: the pattern must be a non-empty string; got ${JSON.stringify(pattern)}`);
  }
  return [...pattern].map((char, position) => {
    const kind = registry.get(char);
    if (kind === undefined) {
      const known = registeredBlocks().map((k) => `'${k.char}' (${k.name})`).join(', ');
      throw new ArgumentError(`parsePattern: unknown layer character '${char}' at position ${position} of "${pattern}"; known: ${known}`);
    }
    return kind;
  });
}
