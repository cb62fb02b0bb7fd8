import * as tf from '@tensorflow/tfjs';
import { layerError } from './layer-errors.js';

/** Rows a buffer of `StateCache.reserveRows` starts with (unless fewer are allowed). */
const INITIAL_ROWS = 256;

/**
 * The explicit recurrent state of one sequence mixer for `step()`: named tensors (conv window and SSM
 * state for Mamba layers, keys and values for attention) and the number of tokens consumed.
 * Tensors put in the cache survive enclosing `tf.tidy` scopes; replacing one disposes the old one.
 * On cpu and wasm the layers' fused decode kernels update the cache's tensors in place (the conv
 * window, the SSM state, rows of the KV buffers): copy a tensor's data from `get` to keep a snapshot
 * (`tf.tensor(t.dataSync().slice(), t.shape)`); a `clone` shares the memory that is written.
 */
export class StateCache {
  private readonly tensors = new Map<string, tf.Tensor>();
  private consumed = 0;

  constructor(
    readonly owner: string,
    readonly batch: number,
    /** tokens the cache may hold; undefined = unbounded */
    readonly maxLen?: number,
  ) {}

  /** Tokens consumed so far (the position of the next token). */
  get length(): number {
    return this.consumed;
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  get(name: string): tf.Tensor {
    const t = this.tensors.get(name);
    if (t === undefined) layerError(this.owner, `cache has no '${name}'; create it with initCache()`);
    return t;
  }

  set(name: string, tensor: tf.Tensor): void {
    const previous = this.tensors.get(name);
    this.tensors.set(name, tf.keep(tensor));
    if (previous !== undefined && previous !== tensor) previous.dispose();
  }

  /** Removes a named tensor and hands it to the caller (undefined if absent), who then owns it. */
  take(name: string): tf.Tensor | undefined {
    const t = this.tensors.get(name);
    this.tensors.delete(name);
    return t;
  }

  /** Removes (and disposes) a named tensor, if present. */
  delete(name: string): void {
    this.tensors.get(name)?.dispose();
    this.tensors.delete(name);
  }

  /**
   * A buffer that holds at least `rows` rows along `axis` (KV caches: rows are positions): created
   * with room for max(rows, 256) rows (at most maxLen), and when full replaced by one with
   * twice the room (at most maxLen) holding the same rows, so that appending a row costs amortised
   * O(1) copying. `shape(capacity)` is the buffer's shape for a capacity; rows not written yet are zero.
   */
  reserveRows(name: string, axis: number, rows: number, shape: (capacity: number) => number[]): tf.Tensor {
    const bound = this.maxLen ?? Number.POSITIVE_INFINITY;
    const current = this.tensors.get(name);
    if (current === undefined) {
      const t = tf.zeros(shape(Math.min(bound, Math.max(rows, INITIAL_ROWS))));
      this.set(name, t);
      return t;
    }
    const capacity = current.shape[axis] as number;
    if (rows <= capacity) return current;
    const grown = Math.min(bound, Math.max(rows, 2 * capacity));
    const t = tf.tidy(() => tf.concat([current, tf.zeros(shape(grown - capacity))], axis));
    this.set(name, t);
    return t;
  }

  /** Checks that one more token fits, then counts it. */
  advance(batch: number): void {
    if (batch !== this.batch) layerError(this.owner, `step input has batch ${batch}, the cache was created for batch ${this.batch}`);
    if (this.maxLen !== undefined && this.consumed >= this.maxLen) {
      layerError(this.owner, `cache used past maxLen: it holds ${this.maxLen} tokens and is full (create it with a larger maxLen)`);
    }
    this.consumed += 1;
  }

  dispose(): void {
    for (const t of this.tensors.values()) t.dispose();
    this.tensors.clear();
  }
}

/** What a sequence mixer needs beyond its input: a cross-attention context and its mask. */
export interface MixerContext {
  /** [b,s,dContext] */
  context?: tf.Tensor;
  /** [b,s], 1 where a context position may be attended, 0 where it is padding */
  contextMask?: tf.Tensor;
}

/** A causal sequence mixer: full-sequence `apply` and token-by-token `step` that agree. */
export interface RecurrentMixer {
  apply(x: tf.Tensor, ctx?: MixerContext): tf.Tensor;
  initCache(batch: number, maxLen?: number): StateCache;
  step(x: tf.Tensor, cache: StateCache, ctx?: MixerContext): tf.Tensor;
}
