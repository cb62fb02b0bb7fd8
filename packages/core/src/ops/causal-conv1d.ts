import * as tf from '@tensorflow/tfjs';
import { ArgChecker } from './arg-checker.js';
import { differentiableCausalConv1d } from './causal-conv1d-gradient.js';
import { CausalConv1d, CausalConv1dGrad } from './kernel-names.js';
import { hasKernel } from './scan-impl.js';

/** Whether the fused causal conv kernels serve the active backend (cpu and wasm). */
export function hasCausalConv1dKernel(): boolean {
  return hasKernel(CausalConv1d);
}

const fused = differentiableCausalConv1d({
  forward: (x, weight, bias) => tf.engine().runKernel(CausalConv1d, bias === undefined ? { x, weight } : { x, weight, bias }) as tf.Tensor,
  gradients: (x, weight, hasBias, dy) => tf.engine().runKernel(CausalConv1dGrad, { x, weight, dy }, { hasBias }) as tf.Tensor[],
});

/**
 * Depthwise causal convolution over time, channels-last, as one fused kernel each way:
 * y[b,t,c] = Σ_j weight[c,0,j] · x[b,t−(k−1)+j,c] + bias[c], x zero before time 0 (PyTorch's
 * Conv1d(c, c, k, groups=c, padding=k−1) cut to the first l outputs, as in Mamba). x [b,l,c],
 * weight [c,1,k], bias [c]. The gradient tape keeps x alone. Needs the kernels (`hasCausalConv1dKernel`);
 * `CausalConv1d` composes tf ops where they are missing.
 */
export function causalConv1d(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const check = new ArgChecker('causalConv1d');
  check.tensor('x', x, ['b', 'l', 'c']);
  check.tensor('weight', weight, ['c', '1', 'k']);
  if (check.dim('1') !== 1) check.fail(`argument 'weight' must have shape [c,1,k] (a depthwise weight); got [${weight.shape.join(',')}]`);
  check.optionalTensor('bias', bias, ['c']);
  if (!hasCausalConv1dKernel()) {
    check.fail(`no fused causal conv kernel is registered for backend '${tf.getBackend()}' (cpu and wasm have one)`);
  }
  return fused(x, weight, bias);
}
