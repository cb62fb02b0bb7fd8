import * as tf from '@tensorflow/tfjs';
import type { Module } from '../layers/module.js';
import { outsideGradientTape } from '../ops/outside-gradient-tape.js';

/** Whether ops run here are recorded for a gradient (inside `tf.grads`/`variableGrads`, not inside a kernel's forward). */
function recordingGradients(): boolean {
  const { gradientDepth, kernelDepth } = tf.engine().state;
  return gradientDepth > 0 && kernelDepth === 0;
}

const isFloat = (t: tf.Tensor) => t.dtype === 'float32';

/**
 * Activation recomputation (gradient checkpointing; Chen et al. 2016): `forward(...inputs)`, computed
 * for a gradient without recording what is inside it. The gradient tape keeps only `inputs`; the
 * backward runs `forward` again under a gradient tape of its own and returns the gradients of the
 * inputs and of `module`'s trainable parameters, which `forward` must read from `module` (its variables
 * are handed to tfjs as explicit inputs of the recomputed op, so `variableGrads` sees them). Memory for
 * a gradient becomes the inputs of every checkpointed call plus one call's intermediates, at the price
 * of a second forward.
 *
 * `forward` must be a function of `inputs` and `module`'s state alone: the recomputation replays
 * `module`'s per-pass state (training switch and step, dropout call counters; `Module.capturePassState`),
 * so dropout draws the same masks in both passes, and leaves the counters as the forward left them.
 * Every tensor `forward` reads that is not a parameter of `module` and may need a gradient, or may be
 * disposed before the backward (a context computed inside the loss), must be among `inputs`; inputs of
 * other dtypes than float32 get zero gradients. Outside a gradient (inference) this is `forward(...inputs)`.
 */
export function checkpointApply(module: Module, inputs: readonly tf.Tensor[], forward: (...inputs: tf.Tensor[]) => tf.Tensor): tf.Tensor {
  if (!recordingGradients()) return forward(...inputs);
  const params = [...module.parameters().values()].filter((variable) => variable.trainable);
  const replay = module.capturePassState();
  const count = inputs.length;
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const own = args.slice(0, count) as tf.Tensor[];
    save(own);
    const value = forward(...own);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const now = module.capturePassState();
      replay();
      try {
        return recomputedGradients(forward, saved, params, dy);
      } finally {
        now();
      }
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(...inputs, ...params);
}

/** The gradients of `forward`'s inputs and of `params`, for cotangent `dy`, from a recomputed forward. */
function recomputedGradients(forward: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], params: tf.Variable[], dy: tf.Tensor): tf.Tensor[] {
  const floats = inputs.filter(isFloat);
  const xs = [...floats, ...params];
  // A gradient inside a gradient function: on a tape of its own, freed when it ends (outsideGradientTape)
  const { value, grads } = outsideGradientTape(() => tf.engine().gradients(() => forward(...inputs), xs, dy, true));
  value.dispose();
  const byTensor = new Map(xs.map((x, i) => [x, grads[i]]));
  const gradient = (x: tf.Tensor) => byTensor.get(x) ?? tf.zeros(x.shape, 'float32');
  return [...inputs.map((x) => (isFloat(x) ? gradient(x) : tf.zeros(x.shape, 'float32'))), ...params.map(gradient)];
}
