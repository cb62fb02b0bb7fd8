import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/**
 * A decode-step kernel made of a scan's forward kernel at l = 1 (how the SIMD module serves the
 * steps: on wasm it is faster than the JS step kernel, whose loop over the state is not vectorised).
 * The step's per-token inputs (`perStep`, the first shaped like y) get a time axis of length 1 and y
 * loses it: the same data under another shape, as the backends' Reshape does — the typed-array
 * kernels take shapes from the TensorInfo only. `state` is the scan's `initialState`.
 */
export function stepAtLengthOne(forward: KernelFunc, perStep: readonly string[]): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const named = inputs as Record<string, TensorInfo>;
    const scanInputs: Record<string, TensorInfo> = {};
    for (const [name, t] of Object.entries(named)) {
      const timed = perStep.includes(name) && t.shape.length > 1; // not the empty z of an ungated call
      const shape = timed ? [t.shape[0] as number, 1, ...t.shape.slice(1)] : t.shape;
      scanInputs[name === 'state' ? 'initialState' : name] = { dataId: t.dataId, shape, dtype: t.dtype };
    }
    const [y, state] = forward({ inputs: scanInputs, backend, attrs }) as TensorInfo[];
    return [{ ...(y as TensorInfo), shape: [...(named[perStep[0] as string] as TensorInfo).shape] }, state as TensorInfo];
  };
}
