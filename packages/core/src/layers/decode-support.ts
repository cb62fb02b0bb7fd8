import * as tf from '@tensorflow/tfjs';

/** Whether tf ops are being recorded for a gradient now (tfjs's own test: a tape, outside a kernel). */
export function recordingGradients(): boolean {
  const state = tf.engine().state;
  return state.gradientDepth > 0 && state.kernelDepth === 0;
}

/**
 * Whether the fused decode kernel `kernelName` serves this step: registered for the active backend
 * (cpu and wasm, `ops/decode-kernel-names.ts`) and no gradient being recorded (the kernels have none;
 * the composite steps are differentiable).
 */
export function fusedDecode(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined && !recordingGradients();
}

/**
 * Whether decode steps should multiply by weights stored [in, out] (a transposed copy kept between
 * steps) rather than by PyTorch's [out, in] with `transposeB`. On wasm a transposed operand is first
 * copied untransposed and tfjs packs the weights for XNNPACK anew on every call: for one token that
 * costs 20–40× the product itself (x·Wᵀ [1,256]·[1160,256]ᵀ 2.5 ms, x·W′ 0.07 ms with W′ kept,
 * whose packed form XNNPACK then caches). The other backends multiply transposed operands directly.
 */
export function decodeWithTransposedWeights(): boolean {
  return tf.getBackend() === 'wasm' && !recordingGradients();
}

/**
 * A tensor derived from parameters (a transposed or concatenated weight) kept between decode steps.
 * It is rebuilt when a parameter was reassigned (`tf.Variable.assign` gives it new storage), when the
 * backend changed, or after `dispose`. The derived tensor holds memory of its own: the owning layer
 * disposes it with itself.
 */
export class DerivedTensor {
  private sources: readonly object[] = [];
  private backend = '';
  private value: tf.Tensor | undefined;

  get(params: readonly tf.Tensor[], build: () => tf.Tensor): tf.Tensor {
    const backend = tf.getBackend();
    const stale =
      this.value === undefined || this.value.isDisposed || backend !== this.backend ||
      params.length !== this.sources.length || params.some((p, i) => p.dataId !== this.sources[i]);
    if (stale) {
      this.value?.dispose();
      this.value = tf.keep(tf.tidy(build));
      this.sources = params.map((p) => p.dataId);
      this.backend = backend;
    }
    return this.value as tf.Tensor;
  }

  dispose(): void {
    this.value?.dispose();
    this.value = undefined;
    this.sources = [];
  }
}
