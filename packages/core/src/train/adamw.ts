import * as tf from '@tensorflow/tfjs';
import { noDecayRule, type ParamGroupRule } from './param-groups.js';
import {
  requireFiniteAtLeast,
  requireInUnitInterval,
  requireIntegerAtLeast,
} from './validate.js';

export { isNoDecayParameter, noDecayRule, type ParamGroupRule } from './param-groups.js';

export interface AdamWConfig {
  learningRate: number;
  /** default 0.9 */
  beta1?: number;
  /** default 0.999 */
  beta2?: number;
  /** default 1e-8 */
  epsilon?: number;
  /** default 0.01; applies to parameters no group rule overrides */
  weightDecay?: number;
  /** default: [noDecayRule] */
  groups?: ParamGroupRule[];
}

interface ParameterSlot {
  readonly param: tf.Variable;
  readonly expAvg: tf.Variable;
  readonly expAvgSq: tf.Variable;
  readonly weightDecay: number;
  readonly lrScale: number;
}

const EXP_AVG = 'exp_avg';
const EXP_AVG_SQ = 'exp_avg_sq';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

function zerosVariableLike(param: tf.Variable): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zerosLike(param), false));
}

/**
 * AdamW with decoupled weight decay (Loshchilov & Hutter 2019, "Decoupled Weight Decay
 * Regularization", Alg. 2), computed as torch.optim.AdamW does.
 * The bias corrections use one step count shared by all parameters (PyTorch counts per parameter;
 * the two agree whenever every parameter gets a gradient at every step).
 */
export class AdamW {
  private readonly slots = new Map<string, ParameterSlot>();
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private lr: number;
  private stepCount = 0;
  private disposed = false;

  constructor(params: Map<string, tf.Variable>, config: AdamWConfig) {
    requireFiniteAtLeast('learningRate', config.learningRate, 0);
    this.lr = config.learningRate;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-8;
    const defaultWeightDecay = config.weightDecay ?? 0.01;
    requireInUnitInterval('beta1', this.beta1);
    requireInUnitInterval('beta2', this.beta2);
    requireFiniteAtLeast('epsilon', this.epsilon, 0);
    requireFiniteAtLeast('weightDecay', defaultWeightDecay, 0);
    const groups = config.groups ?? [noDecayRule];
    groups.forEach((rule, i) => {
      if (rule.weightDecay !== undefined) requireFiniteAtLeast(`groups[${i}].weightDecay`, rule.weightDecay, 0);
      if (rule.lrScale !== undefined) requireFiniteAtLeast(`groups[${i}].lrScale`, rule.lrScale, 0);
    });

    for (const [name, param] of params) {
      if (param.dtype !== 'float32') {
        throw new TypeError(`AdamW: parameter '${name}' must be float32, got ${param.dtype}`);
      }
      const rule = groups.find((candidate) => candidate.match(name, param));
      this.slots.set(name, {
        param,
        expAvg: zerosVariableLike(param),
        expAvgSq: zerosVariableLike(param),
        weightDecay: rule?.weightDecay ?? defaultWeightDecay,
        lrScale: rule?.lrScale ?? 1,
      });
    }
  }

  get learningRate(): number {
    return this.lr;
  }

  setLearningRate(lr: number): void {
    requireFiniteAtLeast('learningRate', lr, 0);
    this.lr = lr;
  }

  /** number of updates applied */
  get step(): number {
    return this.stepCount;
  }

  groupOf(name: string): { weightDecay: number; lrScale: number } {
    const slot = this.slotOf(name, 'groupOf');
    return { weightDecay: slot.weightDecay, lrScale: slot.lrScale };
  }

  /**
   * One AdamW step for the parameters that have a gradient (keyed by parameter name);
   * the others are left unchanged. All gradients are validated before anything is updated.
   */
  applyGradients(grads: Record<string, tf.Tensor>): void {
    this.assertUsable();
    const updates = Object.entries(grads).map(([name, grad]) => {
      const slot = this.slotOf(name, 'applyGradients');
      if (!sameShape(grad.shape, slot.param.shape)) {
        throw new RangeError(
          `AdamW.applyGradients: gradient '${name}' has shape [${grad.shape}], parameter has [${slot.param.shape}]`,
        );
      }
      return { slot, grad };
    });

    const t = this.stepCount + 1;
    const biasCorrection1 = 1 - this.beta1 ** t;
    const biasCorrection2Sqrt = Math.sqrt(1 - this.beta2 ** t);
    for (const { slot, grad } of updates) {
      const lr = this.lr * slot.lrScale;
      tf.tidy(() => {
        // As torch.optim.adamw._single_tensor_adamw: decay before the Adam step, and ε added to √v / √(1−β2^t).
        const decayed = tf.mul(slot.param, 1 - lr * slot.weightDecay);
        const expAvg = tf.add(tf.mul(slot.expAvg, this.beta1), tf.mul(grad, 1 - this.beta1));
        const expAvgSq = tf.add(tf.mul(slot.expAvgSq, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2));
        const denom = tf.add(tf.div(tf.sqrt(expAvgSq), biasCorrection2Sqrt), this.epsilon);
        const update = tf.mul(tf.div(expAvg, denom), lr / biasCorrection1);
        slot.expAvg.assign(expAvg);
        slot.expAvgSq.assign(expAvgSq);
        slot.param.assign(tf.sub(decayed, update));
      });
    }
    this.stepCount = t;
  }

  /** `${name}.exp_avg` and `${name}.exp_avg_sq` for every parameter, as clones the caller owns. */
  getState(): Record<string, tf.Tensor> {
    this.assertUsable();
    const state: Record<string, tf.Tensor> = {};
    for (const [name, slot] of this.slots) {
      state[`${name}.${EXP_AVG}`] = tf.clone(slot.expAvg);
      state[`${name}.${EXP_AVG_SQ}`] = tf.clone(slot.expAvgSq);
    }
    return state;
  }

  /** Restores a state saved by getState and its step count; the caller keeps ownership of `state`. */
  setState(state: Record<string, tf.Tensor>, step: number): void {
    this.assertUsable();
    requireIntegerAtLeast('step', step, 0);
    const expected = new Map<string, tf.Variable>();
    for (const [name, slot] of this.slots) {
      expected.set(`${name}.${EXP_AVG}`, slot.expAvg);
      expected.set(`${name}.${EXP_AVG_SQ}`, slot.expAvgSq);
    }
    for (const key of Object.keys(state)) {
      if (!expected.has(key)) throw new Error(`AdamW.setState: unknown state entry '${key}'`);
    }
    const restores = [...expected].map(([key, moment]) => {
      const saved = state[key];
      if (saved === undefined) throw new Error(`AdamW.setState: missing state entry '${key}'`);
      if (saved.dtype !== 'float32' || !sameShape(saved.shape, moment.shape)) {
        throw new RangeError(
          `AdamW.setState: '${key}' is ${saved.dtype} [${saved.shape}], expected float32 [${moment.shape}]`,
        );
      }
      return { moment, saved };
    });
    // assign shares the data with `saved` by reference count, so the caller may dispose it.
    for (const { moment, saved } of restores) moment.assign(saved);
    this.stepCount = step;
  }

  /** Frees the moment estimates; the parameters stay owned by the caller. */
  dispose(): void {
    if (this.disposed) return;
    for (const slot of this.slots.values()) {
      slot.expAvg.dispose();
      slot.expAvgSq.dispose();
    }
    this.disposed = true;
  }

  private slotOf(name: string, method: string): ParameterSlot {
    const slot = this.slots.get(name);
    if (slot === undefined) throw new Error(`AdamW.${method}: unknown parameter '${name}'`);
    return slot;
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('AdamW: used after dispose()');
  }
}
