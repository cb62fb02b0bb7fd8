/**
 * Names of the fused scan kernels, registered per backend with `tf.registerKernel` (tfjs's own pattern:
 * one forward and one backward kernel per op, one gradient that calls the backward kernel).
 *
 * Forward kernels take every input below, always present (the op wrapper fills absent optional ones
 * with neutral values: D, biases and initialState zeros, z an empty [0] tensor with attr `gated: false`;
 * B and C always grouped [b,l,g,n]) and return [y, state]. Backward kernels take the same inputs plus
 * `dy` and `dstate` and return one gradient per input, in the order of the input list.
 *
 * SsdScan also takes input `chunkStates` (chunk-state-buffer.ts): an empty [0] tensor, or a buffer of
 * the shape its backend registered, which the forward kernel fills with every chunk's start state (in
 * a layout of its own); the gradient saves it with the inputs and hands it to the backward kernel,
 * which otherwise recomputes those states (the wasm kernels keep them; the WebGPU kernels ignore it).
 */
export const SelectiveScan = 'HybridSsmSelectiveScan';
export const SelectiveScanGrad = 'HybridSsmSelectiveScanGrad';
export const SsdScan = 'HybridSsmSsdScan';
export const SsdScanGrad = 'HybridSsmSsdScanGrad';

/**
 * Decode-step kernels (one token from a given state, `scan-step.ts`): the same fixed inputs with
 * `state` [b,d,n] / [b,h,p,n] in place of initialState and no time axis (B, C grouped [b,g,n]);
 * they return [y, newState]. Forward only: no gradient is registered, so a step op that runs its
 * kernel is not differentiable (its `impl: 'reference'` composite is).
 */
export const SelectiveScanStep = 'HybridSsmSelectiveScanStep';
export const SsdStep = 'HybridSsmSsdStep';

/**
 * Depthwise causal conv1d (`ops/causal-conv1d.ts`), registered for cpu and wasm; elsewhere `CausalConv1d`
 * composes tf ops. Forward: inputs x [b,l,c], weight [c,1,k], bias [c] (absent: none); returns
 * y[b,t,c] = Σ_j weight[c,0,j] · x[b,t−(k−1)+j,c] + bias[c], x zero before time 0. Backward: inputs x,
 * weight and the cotangent `dy` [b,l,c], attr hasBias; returns [dx, dweight], and dbias with hasBias.
 */
export const CausalConv1d = 'HybridSsmCausalConv1d';
export const CausalConv1dGrad = 'HybridSsmCausalConv1dGrad';

export const SELECTIVE_SCAN_KERNEL_INPUTS = ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'initialState'] as const;
export const SSD_SCAN_KERNEL_INPUTS = ['x', 'dt', 'A', 'B', 'C', 'D', 'z', 'dtBias', 'initialState'] as const;
export const SELECTIVE_SCAN_STEP_KERNEL_INPUTS = ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'state'] as const;
export const SSD_STEP_KERNEL_INPUTS = ['x', 'dt', 'A', 'B', 'C', 'D', 'z', 'dtBias', 'state'] as const;

/**
 * Column sums (`ops/sum-leading-axes.ts`), registered for cpu and wasm: input x [rows, cols], returns
 * [cols] with out[c] = Σ_r x[r, c]. Elsewhere the op is tf.sum over axis 0.
 */
export const SumRows = 'HybridSsmSumRows';

/**
 * A dropout mask drawn where the tensor lives (`ops/dropout-mask.ts`), registered for cpu, wasm and
 * webgpu: no inputs; attrs shape, seedHash and threshold (int32 bit patterns of uint32), scale. Returns
 * float32 [shape] with element i = scale where dropoutBits(seedHash, i) >>> 8 ≥ threshold, else 0
 * (util/dropout-hash.ts), so every backend draws the same mask.
 */
export const DropoutMask = 'HybridSsmDropoutMask';
