import * as tf from '@tensorflow/tfjs';

/** A depthwise causal conv's forward, and its gradients for cotangent dy: [dx, dweight], and dbias with a bias. */
export interface CausalConv1dParts {
  forward(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor;
  gradients(x: tf.Tensor, weight: tf.Tensor, hasBias: boolean, dy: tf.Tensor): tf.Tensor[];
}

export type CausalConv1dFn = (x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor) => tf.Tensor;

/**
 * `parts` as one differentiable function of (x, weight, bias?) whose gradient tape keeps x alone: autodiff
 * through the tf-op composition would keep the padded input, k shifted slices and k products, each of x's
 * size. The gradient reads the weight from the call's argument; a tf.Variable (a layer's weight) outlives
 * the backward, any other weight tensor is saved with x.
 */
export function differentiableCausalConv1d(parts: CausalConv1dParts): CausalConv1dFn {
  const conv = tf.customGrad(((x: tf.Tensor, weight: tf.Tensor, ...rest: unknown[]) => {
    const save = rest.pop() as tf.GradSaveFunc;
    const bias = rest[0] as tf.Tensor | undefined;
    save(weight instanceof tf.Variable ? [x] : [x, weight]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
      parts.gradients(saved[0] as tf.Tensor, saved[1] ?? weight, bias !== undefined, dy);
    return { value: parts.forward(x, weight, bias), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (...inputs: tf.Tensor[]) => tf.Tensor;
  return (x, weight, bias) => (bias === undefined ? conv(x, weight) : conv(x, weight, bias));
}
