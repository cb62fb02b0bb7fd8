import { assignCheckpoint } from '@hybridssm/core';
import type { Module } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { argumentFailure, checkIntegerInRange } from './check-args.js';

export interface ParameterEmaOptions {
  /**
   * Ramp the decay up as min(decay, (1 + n)/(10 + n)) after n updates (TensorFlow's
   * ExponentialMovingAverage with num_updates), so early averages are not dominated by the
   * initialisation; default false.
   */
  warmup?: boolean;
}

function nonTrainableCopy(variable: tf.Variable): tf.Variable {
  const copy = variable.clone();
  const shadow = tf.variable(copy, false);
  copy.dispose();
  return shadow;
}

/**
 * Exponential moving average of a model's parameters (shadow ← d·shadow + (1 − d)·θ after each
 * optimiser step), which diffusion models sample from. The shadows are non-trainable variables under
 * the parameters' names; `swapIn` puts them into the model for sampling and `swapOut` puts the
 * trained weights back.
 */
export class ParameterEma {
  private readonly parameters: Map<string, tf.Variable>;
  private readonly shadows: Map<string, tf.Variable>;
  private readonly warmup: boolean;
  /** the model's own weights while the averages are swapped in */
  private trained: Map<string, tf.Tensor> | undefined;
  private count = 0;

  constructor(model: Module, options: ParameterEmaOptions = {}) {
    this.parameters = model.parameters();
    this.shadows = new Map([...this.parameters].map(([name, variable]) => [name, nonTrainableCopy(variable)]));
    this.warmup = options.warmup ?? false;
  }

  /** updates applied so far */
  get updates(): number {
    return this.count;
  }

  get swappedIn(): boolean {
    return this.trained !== undefined;
  }

  /** The decay the next `update(decay)` applies. */
  effectiveDecay(decay: number): number {
    return this.warmup ? Math.min(decay, (1 + this.count) / (10 + this.count)) : decay;
  }

  /** Moves every shadow towards the model's current parameters: shadow ← d·shadow + (1 − d)·θ. */
  update(decay: number): void {
    if (!(decay >= 0 && decay <= 1)) argumentFailure('ParameterEma.update', 'decay', 'a number in [0, 1]', String(decay));
    this.requireSwappedOut('update');
    const d = this.effectiveDecay(decay);
    tf.tidy(() => {
      for (const [name, shadow] of this.shadows) {
        const parameter = this.parameters.get(name) as tf.Variable;
        shadow.assign(tf.add(tf.mul(d, shadow), tf.mul(1 - d, parameter)));
      }
    });
    this.count += 1;
  }

  /** Puts the averages into the model, keeping its trained weights for `swapOut`. */
  swapIn(): void {
    this.requireSwappedOut('swapIn');
    const trained = new Map<string, tf.Tensor>();
    for (const [name, parameter] of this.parameters) {
      trained.set(name, parameter.clone());
      parameter.assign(this.shadows.get(name) as tf.Variable);
    }
    this.trained = trained;
  }

  /** Puts the trained weights back into the model. */
  swapOut(): void {
    const trained = this.trained;
    if (trained === undefined) throw new Error('ParameterEma.swapOut: the averages are not swapped in');
    for (const [name, parameter] of this.parameters) parameter.assign(trained.get(name) as tf.Tensor);
    tf.dispose([...trained.values()]);
    this.trained = undefined;
  }

  /**
   * The averages under `prefix` + parameter name, for a checkpoint (still owned by this object; the
   * update count goes beside them, e.g. in the checkpoint's metadata). They are the non-trainable
   * variables themselves, so a training loop can also restore them in place.
   */
  namedTensors(prefix = 'ema.'): Record<string, tf.Variable> {
    return Object.fromEntries([...this.shadows].map(([name, shadow]) => [`${prefix}${name}`, shadow]));
  }

  /**
   * Restores the averages from the tensors under `prefix` (others are ignored; names and shapes must
   * match the model's parameters exactly) and the update count. `tensors` stay the caller's.
   */
  load(tensors: Record<string, tf.Tensor>, updates: number, prefix = 'ema.'): void {
    checkIntegerInRange('ParameterEma.load', 'updates', updates, 0, Number.MAX_SAFE_INTEGER);
    this.requireSwappedOut('load');
    const averages = Object.fromEntries(
      Object.entries(tensors)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, tensor]) => [name.slice(prefix.length), tensor]),
    );
    assignCheckpoint(`EMA (prefix '${prefix}')`, averages, this.shadows);
    this.count = updates;
  }

  /** Frees the averages; when they are swapped in, swaps them out first, so the model keeps its trained weights. */
  dispose(): void {
    if (this.trained !== undefined) this.swapOut();
    tf.dispose([...this.shadows.values()]);
  }

  private requireSwappedOut(method: string): void {
    if (this.trained !== undefined) throw new Error(`ParameterEma.${method}: the averages are swapped in; call swapOut() first`);
  }
}
