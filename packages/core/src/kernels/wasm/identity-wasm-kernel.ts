import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

const IDENTITY = 'Identity';
const CAST = 'Cast';

interface RefCountedBackend {
  incRef(dataId: object): void;
}

/**
 * Identity for the wasm backend that shares its input's buffer (one more reference) instead of copying
 * it, as tfjs's cpu and webgpu backends do. tfjs's gradient tape keeps every tensor a kernel saves for its
 * backward as `keep(clone(t))`, and a clone is an Identity: tfjs-backend-wasm's copies the data, so while
 * a gradient is recorded every saved tensor existed twice (the intermediate and the tape's copy), and once
 * more for every further kernel that saved the same tensor (a tensor read by four slices was kept four
 * times). Tensors are immutable and the backend counts references (Reshape shares buffers the same way),
 * so sharing is safe. String tensors keep the original kernel.
 */
export function overrideWasmIdentity(): void {
  replaceWasmKernel(IDENTITY, (original): KernelFunc => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as unknown as RefCountedBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}

/**
 * Cast for the wasm backend that shares its input's buffer when the dtype does not change (as tfjs's cpu
 * backend does), and otherwise converts as tfjs-backend-wasm does. tfjs's gradients cast their saved
 * float32 operands to float32 (Multiply's `mul(dy, cast(b, 'float32'))`, Div's, …), and tfjs-backend-wasm
 * copies each: 3% of a Mamba-2 byte-LM training update at batch 8 × 512 was such copies.
 */
export function overrideWasmCast(): void {
  replaceWasmKernel(CAST, (original): KernelFunc => (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype !== (args.attrs as { dtype: string }).dtype || x.dtype === 'string' || x.dtype === 'complex64') return original.kernelFunc(args);
    (args.backend as unknown as RefCountedBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
