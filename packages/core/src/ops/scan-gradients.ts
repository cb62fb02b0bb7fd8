import * as tf from '@tensorflow/tfjs';
import {
  SELECTIVE_SCAN_KERNEL_INPUTS,
  SSD_SCAN_KERNEL_INPUTS,
  SelectiveScan,
  SelectiveScanGrad,
  SsdScan,
  SsdScanGrad,
} from './kernel-names.js';

/**
 * One gradient per fused scan kernel, for every backend: it runs that backend's backward kernel. With
 * `buffer`, a forward input of that name that the forward kernel fills for its backward (ssdScan's
 * chunkStates, kernel-names.ts) is saved with the inputs and handed to the backward kernel; it takes no
 * gradient.
 */
function registerScanGradient(forward: string, backward: string, inputNames: readonly string[], buffer?: string): void {
  tf.registerGradient({
    kernelName: forward,
    inputsToSave: buffer !== undefined ? [...inputNames, buffer] : [...inputNames],
    gradFunc: (dy, saved, attrs) => {
      const [dY, dState] = dy as tf.Tensor[];
      const inputs: Record<string, tf.Tensor> = {};
      inputNames.forEach((name, i) => (inputs[name] = saved[i] as tf.Tensor));
      if (buffer !== undefined) inputs[buffer] = saved[inputNames.length] as tf.Tensor;
      const grads = tf.engine().runKernel(backward, { ...inputs, dy: dY as tf.Tensor, dstate: dState as tf.Tensor }, attrs) as tf.Tensor[];
      return Object.fromEntries(inputNames.map((name, i) => [name, () => grads[i] as tf.Tensor]));
    },
  });
}

registerScanGradient(SelectiveScan, SelectiveScanGrad, SELECTIVE_SCAN_KERNEL_INPUTS);
registerScanGradient(SsdScan, SsdScanGrad, SSD_SCAN_KERNEL_INPUTS, 'chunkStates');
