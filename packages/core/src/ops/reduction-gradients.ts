import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap } from '@tensorflow/tfjs';

/**
 * The gradients of Sum and Mean, registered in place of tfjs's: the same product, dy times ones of x's
 * shape, with the ones written by the backend's Fill (backend-zeros.ts) where tfjs's `ones(x.shape)`
 * builds them in a fresh JS typed array of x's size and copies it in on every backward pass (each
 * RMSNorm of a byte LM at batch 8 × 512 × 256: 4 MiB; 2% of a Mamba-2 training update on wasm).
 * A broadcast instead of the product would be a Tile, which tfjs-backend-wasm runs ~10× slower.
 */
function spread(dy: tf.Tensor, x: tf.Tensor, attrs: NamedAttrMap): tf.Tensor {
  const expanded = x.shape.slice();
  for (const axis of tf.util.parseAxisParam(attrs.axis as number | number[], x.shape)) expanded[axis] = 1;
  return tf.mul(tf.reshape(dy, expanded), tf.fill(x.shape, 1));
}

tf.registerGradient({
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => ({ x: () => spread(dy as tf.Tensor, saved[0] as tf.Tensor, attrs) }),
});

tf.registerGradient({
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const x = saved[0] as tf.Tensor;
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const reduced = axes.reduce((count, axis) => count * (x.shape[axis] as number), 1);
    return { x: () => tf.div(spread(dy as tf.Tensor, x, attrs), reduced) };
  },
});
