import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` as if no gradient were being recorded, then puts the caller's tape back.
 *
 * tfjs keeps one `activeTape` for all nesting depths: a `tf.grads` run inside a caller's
 * `tf.variableGrads` / `optimizer.minimize` would append its forward and backward nodes to the caller's
 * tape, and their saved tensors would live until the caller's gradient finishes. With `gradientDepth`
 * at 0 the engine starts a fresh tape for `fn`'s own gradients and frees it when they end; `kernelDepth`
 * at 0 lets `fn` record its own gradients even when called from inside a kernel (a custom gradient).
 */
export function outsideGradientTape<T>(fn: () => T): T {
  const state = tf.engine().state;
  const { activeTape, gradientDepth, kernelDepth } = state;
  state.gradientDepth = 0;
  state.kernelDepth = 0;
  try {
    return fn();
  } finally {
    state.activeTape = activeTape;
    state.gradientDepth = gradientDepth;
    state.kernelDepth = kernelDepth;
  }
}
