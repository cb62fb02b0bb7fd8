import * as tf from '@tensorflow/tfjs';
import { backendZeros } from '../util/backend-zeros.js';
import { chunkSizeFor } from './auto-chunk-size.js';
import { SelectiveScan } from './kernel-names.js';
import { asGroups } from './scan-common.js';
import { fixedKernelInputs, resolveScanImpl, runScanKernel } from './scan-impl.js';
import { selectiveScanChunked } from './selective-scan-chunked.js';
import { selectiveScanReference } from './selective-scan-reference.js';
import type { ScanOptions, ScanResult, SelectiveScanInputs } from './scan-types.js';
import { validateSelectiveScan } from './scan-validation.js';

/**
 * Mamba-1 selective scan (Gu & Dao 2023), differentiable with respect to every tensor input.
 *
 *   dt = softplus(delta + deltaBias);  h_t = exp(dt A) ⊙ h_{t-1} + (dt u_t) B_t;  y_t = h_t·C_t + D u_t;  y *= silu(z)
 *
 * Shapes (channels-last): u, delta, z [b,l,d]; A [d,n]; B, C [b,l,n] or [b,l,g,n]; D, deltaBias [d];
 * initialState and the returned state [b,d,n]; y [b,l,d].
 */
export function selectiveScan(inputs: SelectiveScanInputs, options: ScanOptions = {}): ScanResult {
  const dims = validateSelectiveScan(inputs, options);
  const requested = options.impl ?? 'auto';
  const impl = resolveScanImpl('selectiveScan', requested, SelectiveScan);
  const chunkSize = chunkSizeFor('selectiveScan', dims, requested, impl, options.chunkSize);
  return tf.tidy(() => {
    switch (impl) {
      case 'reference':
        return selectiveScanReference(inputs, dims);
      case 'chunked':
        return selectiveScanChunked(inputs, dims, chunkSize);
      case 'kernel': {
        const { b, d, n } = dims;
        const { D, z, bias } = fixedKernelInputs(inputs.D, inputs.z, inputs.deltaBias, d);
        const kernelInputs = {
          u: inputs.u, delta: inputs.delta, A: inputs.A, B: asGroups(inputs.B, 4), C: asGroups(inputs.C, 4), D, z, deltaBias: bias,
          initialState: inputs.initialState ?? backendZeros([b, d, n]),
        };
        return runScanKernel(SelectiveScan, kernelInputs, { deltaSoftplus: inputs.deltaSoftplus ?? true, gated: inputs.z !== undefined });
      }
    }
  });
}
