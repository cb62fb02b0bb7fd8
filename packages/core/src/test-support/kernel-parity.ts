import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { ScanImpl } from '../ops/scan-types.js';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, relativeError, values } from './compare.js';
import { scanWithGrads } from './scan-harness.js';
import type { ScanFn } from './scan-harness.js';

/**
 * Expects `impl: 'kernel'` to match `impl: 'reference'` on these inputs: y, state and the gradient of
 * every tensor input (loss = Σ y·cy + Σ state·cstate), within the float32 tolerances.
 */
export async function expectKernelMatchesReference(
  scan: (impl: ScanImpl) => ScanFn,
  inputs: Record<string, tf.Tensor | boolean>,
  cotangents: { y: tf.Tensor; state: tf.Tensor },
  label: string,
): Promise<void> {
  const wrt = Object.keys(inputs).filter((name) => inputs[name] instanceof tf.Tensor);
  const kernel = scanWithGrads(scan('kernel'), inputs, cotangents, wrt);
  const reference = scanWithGrads(scan('reference'), inputs, cotangents, wrt);
  expect(relativeError(await values(kernel.y), await values(reference.y)), `${label} y`).toBeLessThan(FORWARD_TOLERANCE);
  expect(relativeError(await values(kernel.state), await values(reference.state)), `${label} state`).toBeLessThan(FORWARD_TOLERANCE);
  for (const name of wrt) {
    const error = relativeError(await values(kernel.grads[name] as tf.Tensor), await values(reference.grads[name] as tf.Tensor));
    expect(error, `${label} grad ${name}`).toBeLessThan(GRADIENT_TOLERANCE);
  }
  tf.dispose([kernel, reference] as never);
}
