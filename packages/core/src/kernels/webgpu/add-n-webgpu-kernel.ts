import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

let replaced = false;

interface WebGpuLimits {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

/**
 * The most inputs one AddN program may bind: tfjs-backend-webgpu binds each input and the output as a
 * storage buffer in one compute shader, and asks the device for no more than WebGPU's default of 8 per
 * shader stage.
 */
export function addNMaxInputs(backend: WebGpuLimits): number {
  return backend.device.limits.maxStorageBuffersPerShaderStage - 1;
}

/**
 * Replaces tfjs-backend-webgpu's AddN with one that adds at most `addNMaxInputs` tensors per program,
 * then adds the partial sums the same way. tfjs's own compiles one program over all inputs: with more
 * than 7 (a global gradient norm over a model's parameters) the pipeline fails validation, Dawn prints
 * the error and the output is never written — training goes on with garbage. Once per process.
 */
export function overrideWebGpuAddN(): void {
  const tfjs = tf.getKernel(tf.AddN, 'webgpu');
  if (replaced || tfjs === undefined) return;
  replaced = true;
  const addAtMost: KernelFunc = ({ inputs, backend, attrs }) => {
    const gpu = backend as unknown as WebGpuLimits;
    const limit = addNMaxInputs(gpu);
    let terms = Object.values(inputs) as TensorInfo[];
    const partials: TensorInfo[] = [];
    while (terms.length > limit) {
      const next: TensorInfo[] = [];
      for (let i = 0; i < terms.length; i += limit) {
        const group = terms.slice(i, i + limit);
        const sum = group.length === 1 ? (group[0] as TensorInfo) : (tfjs.kernelFunc({ inputs: group as never, backend, attrs }) as TensorInfo);
        if (group.length > 1) partials.push(sum);
        next.push(sum);
      }
      terms = next;
    }
    const result = tfjs.kernelFunc({ inputs: terms as never, backend, attrs }) as TensorInfo;
    for (const partial of partials) gpu.disposeData(partial.dataId);
    return result;
  };
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ kernelName: tf.AddN, backendName: 'webgpu', kernelFunc: addAtMost });
}
