// The depthwise causal conv1d kernels as a module that imports its memory (`--importMemory` →
// build/conv-kernels.wasm): instantiated on tfjs-backend-wasm's heap, they read x, weight and dy and write
// y and the gradients where the tensors lie (src/kernels/wasm/causal-conv1d-wasm.ts), with their scratch
// allocated in that heap. So nothing here may write outside the arrays it is handed: no static data, no
// allocation (`--runtime stub`), no stack.
export {
  causalConv1dBackward, causalConv1dBackwardScratchBytes, causalConv1dForward, causalConv1dForwardScratchBytes,
} from '../causal-conv1d';
