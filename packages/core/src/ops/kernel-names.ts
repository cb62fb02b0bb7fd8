/**
 * Names of the fused scan kernels, registered per backend with `tf.registerKernel` (tfjs's own pattern:
 * one forward and one backward kernel per op, one gradient that calls the backward kernel).
 * Inputs use the op's argument names; outputs are [y, state] forward and one gradient per input backward.
 */
export const SelectiveScan = 'HybridSsmSelectiveScan';
export const SelectiveScanGrad = 'HybridSsmSelectiveScanGrad';
export const SsdScan = 'HybridSsmSsdScan';
export const SsdScanGrad = 'HybridSsmSsdScanGrad';
