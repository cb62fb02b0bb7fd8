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
 * `savedOutput`, a third forward output of that name (where the backend's kernel returns one) is saved
 * and passed to the backward kernel as an input of the same name (kernel-names.ts).
 */
function registerScanGradient(forward: string, backward: string, inputNames: readonly string[], savedOutput?: string): void {
  tf.registerGradient({
    kernelName: forward,
    inputsToSave: [...inputNames],
    ...(savedOutput !== undefined ? { outputsToSave: [false, false, true] } : {}),
    gradFunc: (dy, saved, attrs) => {
      const [dY, dState] = dy as tf.Tensor[];
      const inputs: Record<string, tf.Tensor> = {};
      inputNames.forEach((name, i) => (inputs[name] = saved[i] as tf.Tensor));
      const output = saved[inputNames.length];
      if (savedOutput !== undefined && output !== undefined) inputs[savedOutput] = output;
      const grads = tf.engine().runKernel(backward, { ...inputs, dy: dY as tf.Tensor, dstate: dState as tf.Tensor }, attrs) as tf.Tensor[];
      return Object.fromEntries(inputNames.map((name, i) => [name, () => grads[i] as tf.Tensor]));
    },
  });
}

registerScanGradient(SelectiveScan, SelectiveScanGrad, SELECTIVE_SCAN_KERNEL_INPUTS);
registerScanGradient(SsdScan, SsdScanGrad, SSD_SCAN_KERNEL_INPUTS, 'chunkStates');
