import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import {
  CausalConv1d, CausalConv1dGrad, SelectiveScan, SelectiveScanGrad, SelectiveScanStep, SsdScan, SsdScanGrad, SsdStep,
} from '../ops/kernel-names.js';

const FUSED_KERNELS = new Set<string>([SelectiveScan, SelectiveScanGrad, SsdScan, SsdScanGrad, SelectiveScanStep, SsdStep, CausalConv1d, CausalConv1dGrad]);

/**
 * Switches to a copy of the cpu backend registered as `name`, with tfjs's kernels but none of our fused
 * ones, so that `auto` falls back to `chunked` (and CausalConv1d composes tf ops) as on `tensorflow`.
 * Nothing is unregistered from `cpu`.
 */
export async function useCpuWithoutFusedKernels(name: string): Promise<void> {
  if (tf.findBackendFactory(name) === null) {
    tf.registerBackend(name, () => new MathBackendCPU());
    for (const kernel of tf.getKernelsForBackend('cpu')) {
      if (!FUSED_KERNELS.has(kernel.kernelName)) tf.registerKernel({ ...kernel, backendName: name });
    }
  }
  if (!(await tf.setBackend(name))) throw new Error(`test backend ${name} did not initialise`);
}
