import * as tf from '@tensorflow/tfjs';

/** A small seeded generator (mulberry32): the same seed gives the same numbers on every platform. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** 0…count−1 in a uniformly random order (Fisher–Yates). */
  permutation(count: number): number[] {
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    return order;
  }

  /** A float32 tensor of normal samples times `scale` plus `shift`. */
  normalTensor(shape: number[], scale = 1, shift = 0): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => shift + scale * this.normal());
    return tf.tensor(values, shape, 'float32');
  }

  /** A float32 tensor uniform in [low, high). */
  uniformTensor(shape: number[], low: number, high: number): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => low + (high - low) * this.uniform());
    return tf.tensor(values, shape, 'float32');
  }
}
