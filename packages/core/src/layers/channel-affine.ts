import * as tf from '@tensorflow/tfjs';
import { sumOverLeadingAxes } from '../ops/sum-leading-axes.js';

// y + b, x · w and x · w + b over the channel axis of [..., c] tensors, whose parameter gradients are
// sums over every leading axis: written as tf ops, tfjs takes them by transposing first (slow on wasm);
// here they are `sumOverLeadingAxes` (the SumRows kernel).

type CustomOp = Parameters<typeof tf.customGrad>[0];

let biasAddOp: ((y: tf.Tensor, bias: tf.Tensor) => tf.Tensor) | undefined;
let scaleOp: ((x: tf.Tensor, weight: tf.Tensor) => tf.Tensor) | undefined;
let scaleShiftOp: ((x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor) => tf.Tensor) | undefined;

/** y [..., c] + bias [c]. */
export function addChannelBias(y: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  biasAddOp ??= tf.customGrad(((input: tf.Tensor, b: tf.Tensor) => ({
    value: tf.add(input, b),
    gradFunc: (dy: tf.Tensor) => [dy, sumOverLeadingAxes(dy)],
  })) as unknown as CustomOp) as unknown as typeof biasAddOp;
  return (biasAddOp as NonNullable<typeof biasAddOp>)(y, bias);
}

/** x [..., c] · weight [c]. */
export function scaleChannels(x: tf.Tensor, weight: tf.Tensor): tf.Tensor {
  scaleOp ??= tf.customGrad(((input: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input, w]);
    const gradFunc = (dy: tf.Tensor, [savedX, savedW]: tf.Tensor[]) => [
      tf.mul(dy, savedW as tf.Tensor),
      sumOverLeadingAxes(tf.mul(dy, savedX as tf.Tensor)),
    ];
    return { value: tf.mul(input, w), gradFunc };
  }) as unknown as CustomOp) as unknown as typeof scaleOp;
  return (scaleOp as NonNullable<typeof scaleOp>)(x, weight);
}

/** x [..., c] · weight [c] + bias [c]. */
export function scaleShiftChannels(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  scaleShiftOp ??= tf.customGrad(((input: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input, w]);
    const gradFunc = (dy: tf.Tensor, [savedX, savedW]: tf.Tensor[]) => [
      tf.mul(dy, savedW as tf.Tensor),
      sumOverLeadingAxes(tf.mul(dy, savedX as tf.Tensor)),
      sumOverLeadingAxes(dy),
    ];
    return { value: tf.add(tf.mul(input, w), b), gradFunc };
  }) as unknown as CustomOp) as unknown as typeof scaleShiftOp;
  return (scaleShiftOp as NonNullable<typeof scaleShiftOp>)(x, weight, bias);
}
