import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectiveScan } from './selective-scan.js';
import { ssdScan } from './ssd-scan.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { FORWARD_TOLERANCE, GRADIENT_TOLERANCE, relativeError, values } from '../test-support/compare.js';
import { freshSeed, randomCotangents, randomSelectiveInputs, randomSsdInputs } from '../test-support/random-inputs.js';
import { scanWithGrads } from '../test-support/scan-harness.js';
import type { ScanFn, ScanWithGrads } from '../test-support/scan-harness.js';

const LENGTHS = [1, 63, 64, 65, 1000];
const CHUNK = 64;
const seed = freshSeed();

async function expectSame(actual: ScanWithGrads, expected: ScanWithGrads, label: string): Promise<void> {
  const where = `${label} (seed ${seed})`;
  expect(relativeError(await values(actual.y), await values(expected.y)), `${where} y`).toBeLessThan(FORWARD_TOLERANCE);
  expect(relativeError(await values(actual.state), await values(expected.state)), `${where} state`).toBeLessThan(
    FORWARD_TOLERANCE,
  );
  for (const [name, grad] of Object.entries(expected.grads)) {
    const error = relativeError(await values(actual.grads[name] as tf.Tensor), await values(grad));
    expect(error, `${where} grad ${name}`).toBeLessThan(GRADIENT_TOLERANCE);
  }
}

function compareImpls(run: (impl: 'reference' | 'chunked') => ScanWithGrads): [ScanWithGrads, ScanWithGrads] {
  return [run('chunked'), run('reference')];
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`chunked vs reference on ${backend}, fresh random inputs, chunk ${CHUNK}`, () => {
    beforeAll(() => useBackend(backend));
    const rng = new Rng(seed);
    const disposables: tf.Tensor[] = [];
    afterAll(() => tf.dispose(disposables));

    for (const l of LENGTHS) {
      it(`selectiveScan, l=${l}, grouped B/C, every optional input`, async () => {
        const shape = { b: 2, l, d: 4, n: 3, g: 2 };
        const inputs = randomSelectiveInputs(rng, shape);
        const cot = randomCotangents(rng, [2, l, 4], [2, 4, 3]);
        const [chunked, reference] = compareImpls((impl) => {
          const scan: ScanFn = (i) => selectiveScan(i as never, { impl, chunkSize: CHUNK });
          return scanWithGrads(scan, inputs, cot, Object.keys(inputs));
        });
        await expectSame(chunked, reference, `selectiveScan l=${l}`);
        disposables.push(...Object.values(inputs), cot.y, cot.state);
        tf.dispose([chunked, reference] as never);
      });

      it(`ssdScan, l=${l}, 2 groups of 2 heads, every optional input`, async () => {
        const shape = { b: 2, l, h: 4, p: 2, n: 3, g: 2 };
        const inputs = randomSsdInputs(rng, shape);
        const cot = randomCotangents(rng, [2, l, 4, 2], [2, 4, 2, 3]);
        const [chunked, reference] = compareImpls((impl) => {
          const scan: ScanFn = (i) => ssdScan(i as never, { impl, chunkSize: CHUNK });
          return scanWithGrads(scan, inputs, cot, Object.keys(inputs));
        });
        await expectSame(chunked, reference, `ssdScan l=${l}`);
        disposables.push(...Object.values(inputs), cot.y, cot.state);
        tf.dispose([chunked, reference] as never);
      });
    }
  });
}
