import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { selectiveScan } from '../ops/selective-scan.js';
import { ssdScan } from '../ops/ssd-scan.js';
import type { ScanImpl } from '../ops/scan-types.js';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, relativeError, values } from './compare.js';
import { loadGoldens } from './goldens.js';
import type { GoldenArray, GoldenCase } from './goldens.js';
import { scanWithGrads } from './scan-harness.js';
import type { ScanFn } from './scan-harness.js';

const toTensor = (a: GoldenArray) => tf.tensor(a.data, a.shape, 'float32');

/** Registers one test per golden case and implementation on the active backend. */
export function goldenSuite(impls: ScanImpl[], ops: GoldenCase['op'][] = ['selectiveScan', 'ssdScan']): void {
  for (const golden of loadGoldens().filter((g) => ops.includes(g.op))) {
    for (const impl of impls) {
      it(`${golden.name} with impl '${impl}' matches the float64 goldens`, async () => {
        const inputs: Record<string, tf.Tensor | boolean> = { ...golden.options };
        for (const [name, array] of Object.entries(golden.inputs)) inputs[name] = toTensor(array);
        const cotangents = { y: toTensor(golden.cotangents.y), state: toTensor(golden.cotangents.state) };
        const scan: ScanFn =
          golden.op === 'selectiveScan'
            ? (i) => selectiveScan(i as never, { impl, chunkSize: 16 })
            : (i) => ssdScan(i as never, { impl, chunkSize: 16 });
        const result = scanWithGrads(scan, inputs, cotangents, Object.keys(golden.grads));

        expect(relativeError(await values(result.y), golden.outputs.y.data)).toBeLessThan(FORWARD_TOLERANCE);
        expect(relativeError(await values(result.state), golden.outputs.state.data)).toBeLessThan(FORWARD_TOLERANCE);
        for (const [name, expected] of Object.entries(golden.grads)) {
          const actual = result.grads[name] as tf.Tensor;
          expect(actual.shape, `grad ${name} shape`).toEqual(expected.shape);
          expect(relativeError(await values(actual), expected.data), `grad ${name}`).toBeLessThan(GRADIENT_TOLERANCE);
        }
        tf.dispose([result.y, result.state, Object.values(result.grads), Object.values(inputs) as tf.Tensor[], cotangents]);
      });
    }
  }
}
