import * as tf from '@tensorflow/tfjs';
import { SelectiveScan, SelectiveScanGrad, SsdScan, SsdScanGrad } from '../../ops/kernel-names.js';
import { selectiveScanWebGpuKernels } from './selective-scan-webgpu.js';
import { ssdScanWebGpuKernels } from './ssd-scan-webgpu.js';

/**
 * Registers the WGSL scan kernels (forward and backward) for the 'webgpu' backend. Registering needs
 * no GPU: the kernels compile their programs on first use, on the backend that runs them.
 */
export function registerWebGpuScanKernels(backendName = 'webgpu'): void {
  const kernels = [
    { kernelName: SelectiveScan, kernelFunc: selectiveScanWebGpuKernels.forward },
    { kernelName: SelectiveScanGrad, kernelFunc: selectiveScanWebGpuKernels.backward },
    { kernelName: SsdScan, kernelFunc: ssdScanWebGpuKernels.forward },
    { kernelName: SsdScanGrad, kernelFunc: ssdScanWebGpuKernels.backward },
  ];
  for (const { kernelName, kernelFunc } of kernels) {
    if (tf.getKernel(kernelName, backendName) === undefined) tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
}
