import * as tf from '@tensorflow/tfjs';
import { SelectiveScan, SelectiveScanGrad, SelectiveScanStep, SsdScan, SsdScanGrad, SsdStep } from '../../ops/kernel-names.js';
import { scanStepWebGpuKernels } from './scan-step-webgpu.js';
import { selectiveScanWebGpuKernels } from './selective-scan-webgpu.js';
import { ssdScanWebGpuKernels } from './ssd-scan-webgpu.js';

/**
 * Registers the WGSL scan kernels (forward and backward) and decode-step kernels for the 'webgpu' backend. Registering needs
 * no GPU: the kernels compile their programs on first use, on the backend that runs them.
 */
export function registerWebGpuScanKernels(backendName = 'webgpu'): void {
  const kernels = [
    { kernelName: SelectiveScan, kernelFunc: selectiveScanWebGpuKernels.forward },
    { kernelName: SelectiveScanGrad, kernelFunc: selectiveScanWebGpuKernels.backward },
    { kernelName: SsdScan, kernelFunc: ssdScanWebGpuKernels.forward },
    { kernelName: SsdScanGrad, kernelFunc: ssdScanWebGpuKernels.backward },
    { kernelName: SelectiveScanStep, kernelFunc: scanStepWebGpuKernels.selective },
    { kernelName: SsdStep, kernelFunc: scanStepWebGpuKernels.ssd },
  ];
  for (const { kernelName, kernelFunc } of kernels) {
    if (tf.getKernel(kernelName, backendName) === undefined) tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
}
