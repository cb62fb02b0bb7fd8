import * as tf from '@tensorflow/tfjs';
import { backendZeros } from '../util/backend-zeros.js';
import type { SsdDims } from './scan-validation.js';

/**
 * The ssdScan forward kernel's `chunkStates` input (kernel-names.ts): a buffer the kernel fills with
 * every chunk's start state, which the gradient saves with the inputs and hands the backward kernel, so
 * that the backward does not recompute them. A backend whose kernel keeps them registers the buffer's
 * shape (its chunk length and layout); elsewhere, and when no gradient can be taken, the input is an
 * empty [0] tensor.
 *
 * It is an input, not a third output, because tfjs's tape hands every output without a gradient a
 * zero-filled cotangent built in a JS typed array (engine.ts `addTapeNode`): for chunk states that is
 * megabytes of fresh ArrayBuffer per call and layer (median 2.8 ms for 1 MiB on wasm here, ~20% of a
 * Mamba-2 training step at batch 8 × 512), where a Fill into the buffer costs microseconds.
 */
const bufferShapes = new Map<string, (dims: SsdDims) => number[]>();

/** Registers the chunk-state buffer's shape for `backendName`'s ssdScan kernel. */
export function registerChunkStateBuffer(backendName: string, shapeOf: (dims: SsdDims) => number[]): void {
  bufferShapes.set(backendName, shapeOf);
}

/** The `chunkStates` input of one ssdScan kernel call: a buffer where a gradient may be taken and the active backend keeps them, else empty. */
export function chunkStateBuffer(dims: SsdDims): tf.Tensor {
  const shapeOf = bufferShapes.get(tf.getBackend());
  const gradientMayBeTaken = tf.engine().state.gradientDepth > 0;
  return shapeOf !== undefined && gradientMayBeTaken ? backendZeros(shapeOf(dims)) : backendZeros([0]);
}
