import * as tf from '@tensorflow/tfjs';
import { backendZeros } from '../util/backend-zeros.js';
import { chunkSizeFor } from './auto-chunk-size.js';
import { chunkStateBuffer } from './chunk-state-buffer.js';
import { SsdScan } from './kernel-names.js';
import { fixedKernelInputs, resolveScanImpl, runScanKernel } from './scan-impl.js';
import { ssdScanChunked } from './ssd-scan-chunked.js';
import { ssdScanReference } from './ssd-scan-reference.js';
import type { ScanOptions, ScanResult, SsdScanInputs } from './scan-types.js';
import { validateSsdScan } from './scan-validation.js';

/**
 * Mamba-2 SSD scan (Dao & Gu 2024): a selective scan whose A is one scalar per head.
 *
 *   dt = softplus(dt + dtBias);  H_t = exp(dt A) H_{t-1} + dt x_t ⊗ B_t;  y_t = H_t C_t + D x_t;  y *= silu(z)
 *
 * Shapes (channels-last): x, z [b,l,h,p]; dt [b,l,h]; A, D, dtBias [h]; B, C [b,l,g,n] with h % g == 0;
 * initialState and the returned state [b,h,p,n]; y [b,l,h,p].
 */
export function ssdScan(inputs: SsdScanInputs, options: ScanOptions = {}): ScanResult {
  const dims = validateSsdScan(inputs, options);
  const requested = options.impl ?? 'auto';
  const impl = resolveScanImpl('ssdScan', requested, SsdScan);
  const chunkSize = chunkSizeFor('ssdScan', dims, requested, impl, options.chunkSize);
  return tf.tidy(() => {
    switch (impl) {
      case 'reference':
        return ssdScanReference(inputs, dims);
      case 'chunked':
        return ssdScanChunked(inputs, dims, chunkSize);
      case 'kernel': {
        const { b, h, p, n } = dims;
        const { D, z, bias } = fixedKernelInputs(inputs.D, inputs.z, inputs.dtBias, h);
        const kernelInputs = {
          x: inputs.x, dt: inputs.dt, A: inputs.A, B: inputs.B, C: inputs.C, D, z, dtBias: bias,
          initialState: inputs.initialState ?? backendZeros([b, h, p, n]), chunkStates: chunkStateBuffer(dims),
        };
        return runScanKernel(SsdScan, kernelInputs, { dtSoftplus: inputs.dtSoftplus ?? true, gated: inputs.z !== undefined, chunkSize });
      }
    }
  });
}
