import * as tf from '@tensorflow/tfjs';

interface WebGpuDevice {
  limits: { maxStorageBufferBindingSize: number };
  addEventListener(type: 'uncapturederror', listener: (event: { error: { message: string } }) => void): void;
}

const watched = new WeakSet<object>();
let firstError: string | undefined;

function webgpuDevice(): WebGpuDevice | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  return (tf.backend() as unknown as { device: WebGpuDevice }).device;
}

/**
 * Records the first error the WebGPU device reports. Dawn only prints it, and tfjs goes on with the
 * invalid command buffers skipped, so every result after it is garbage (zeros, or stale buffers).
 */
export function watchWebGpuErrors(): void {
  const device = webgpuDevice();
  if (device === undefined || watched.has(device)) return;
  watched.add(device);
  device.addEventListener('uncapturederror', (event) => {
    firstError ??= event.error.message.split('\n')[0];
  });
}

/** The most bytes one storage-buffer binding holds on the webgpu device; undefined on another backend. */
export function webgpuBindingLimit(): number | undefined {
  return webgpuDevice()?.limits.maxStorageBufferBindingSize;
}

/**
 * Throws, naming `during` and the first error the webgpu device reported since the last call (call it
 * after awaiting a result: Dawn reports a command's errors before its results can be read).
 */
export function throwIfWebGpuFailed(during: string): void {
  if (firstError === undefined) return;
  const error = firstError;
  firstError = undefined;
  const limit = webgpuBindingLimit();
  const hint = limit === undefined ? '' : `; this device binds at most ${limit} bytes per buffer: use smaller (micro-)batches, or --backend wasm`;
  throw new Error(`${during}: the webgpu device reported an error, so its results are invalid: ${error}${hint}`);
}
