import * as tf from '@tensorflow/tfjs';
import {
  SELECTIVE_SCAN_KERNEL_INPUTS,
  SSD_SCAN_KERNEL_INPUTS,
  SelectiveScan,
  SelectiveScanGrad,
  SsdScan,
  SsdScanGrad,
} from './kernel-names.js';

/** One gradient per fused scan kernel, for every backend: it runs that backend's backward kernel. */
function registerScanGradient(forward: string, backward: string, inputNames: readonly string[]): void {
  tf.registerGradient({
    kernelName: forward,
    inputsToSave: [...inputNames],
    gradFunc: (dy, saved, attrs) => {
      const [dY, dState] = dy as tf.Tensor[];
      const inputs: Record<string, tf.Tensor> = {};
      inputNames.forEach((name, i) => (inputs[name] = saved[i] as tf.Tensor));
      const grads = tf.engine().runKernel(backward, { ...inputs, dy: dY as tf.Tensor, dstate: dState as tf.Tensor }, attrs) as tf.Tensor[];
      return Object.fromEntries(inputNames.map((name, i) => [name, () => grads[i] as tf.Tensor]));
    },
  });
}

registerScanGradient(SelectiveScan, SelectiveScanGrad, SELECTIVE_SCAN_KERNEL_INPUTS);
registerScanGradient(SsdScan, SsdScanGrad, SSD_SCAN_KERNEL_INPUTS);
