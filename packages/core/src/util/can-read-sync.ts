import * as tf from '@tensorflow/tfjs';

/**
 * Whether the active backend can read a tensor back synchronously (`dataSync`). tfjs-backend-webgpu
 * cannot in Node: its synchronous read goes through OffscreenCanvas, which Node lacks (seen on an
 * NVIDIA H200 and on lavapipe). Code that must read back there uses `await data()`.
 */
export function canReadSync(): boolean {
  return tf.getBackend() !== 'webgpu';
}
