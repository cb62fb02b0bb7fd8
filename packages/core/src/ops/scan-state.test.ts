import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectiveScan } from './selective-scan.js';
import { ssdScan } from './ssd-scan.js';
import { selectiveScanStep, ssdStep } from './scan-step.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { FORWARD_TOLERANCE, relativeError, values } from '../test-support/compare.js';
import { freshSeed, randomSelectiveInputs, randomSsdInputs } from '../test-support/random-inputs.js';
import type { ScanFn } from '../test-support/scan-harness.js';

const seed = freshSeed();
const L = 100;
const SPLIT = 37;

const sliceTime = (t: tf.Tensor, begin: number, size: number) =>
  tf.slice(t, t.shape.map((_, axis) => (axis === 1 ? begin : 0)), t.shape.map((s, axis) => (axis === 1 ? size : s)));

async function expectClose(actual: tf.Tensor, expected: tf.Tensor, label: string): Promise<void> {
  expect(actual.shape, label).toEqual(expected.shape);
  expect(relativeError(await values(actual), await values(expected)), `${label} (seed ${seed})`).toBeLessThan(FORWARD_TOLERANCE);
}

describe('scan state: continuation and decode steps (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  /** Scans [0,37) then [37,100) from the returned state and compares with one scan of [0,100). */
  async function expectContinuation(scan: ScanFn, inputs: Record<string, tf.Tensor>, perStep: string[]): Promise<void> {
    const part = (begin: number, size: number) =>
      Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, perStep.includes(k) ? sliceTime(v, begin, size) : v]));
    const whole = scan(inputs);
    const first = scan(part(0, SPLIT));
    const second = scan({ ...part(SPLIT, L - SPLIT), initialState: first.state });
    await expectClose(tf.concat([first.y, second.y], 1), whole.y, 'y');
    await expectClose(second.state, whole.state, 'state');
  }

  for (const impl of ['reference', 'chunked'] as const) {
    it(`selectiveScan (${impl}): scanning [0,37) then [37,100) from the returned state equals one scan`, async () => {
      const inputs = randomSelectiveInputs(new Rng(seed), { b: 2, l: L, d: 4, n: 3, g: 2 });
      await expectContinuation((i) => selectiveScan(i as never, { impl, chunkSize: 16 }), inputs, ['u', 'delta', 'B', 'C', 'z']);
    });

    it(`ssdScan (${impl}): scanning [0,37) then [37,100) from the returned state equals one scan`, async () => {
      const inputs = randomSsdInputs(new Rng(seed), { b: 2, l: L, h: 4, p: 2, n: 3, g: 2 });
      await expectContinuation((i) => ssdScan(i as never, { impl, chunkSize: 16 }), inputs, ['x', 'dt', 'B', 'C', 'z']);
    });
  }

  it('selectiveScanStep, token by token from initialState, equals every position of the full scan', async () => {
    const l = 20;
    for (const g of [0, 2]) {
      const inputs = randomSelectiveInputs(new Rng(seed + g), { b: 2, l, d: 4, n: 3, g });
      const whole = selectiveScan(inputs as never, { impl: 'reference' });
      let state = inputs.initialState as tf.Tensor;
      for (let t = 0; t < l; t++) {
        const at = (name: string) => tf.squeeze(sliceTime(inputs[name] as tf.Tensor, t, 1), [1]);
        const step = selectiveScanStep({
          u: at('u'), delta: at('delta'), A: inputs.A!, B: at('B'), C: at('C'), D: inputs.D, z: at('z'),
          deltaBias: inputs.deltaBias, state,
        });
        await expectClose(step.y, tf.squeeze(sliceTime(whole.y, t, 1), [1]), `g=${g} y at t=${t}`);
        state = step.state;
      }
      await expectClose(state, whole.state, `g=${g} final state`);
    }
  });

  it('ssdStep, token by token from initialState, equals every position of the full scan', async () => {
    const l = 20;
    const inputs = randomSsdInputs(new Rng(seed), { b: 2, l, h: 4, p: 2, n: 3, g: 2 });
    const whole = ssdScan(inputs as never, { impl: 'reference' });
    let state = inputs.initialState as tf.Tensor;
    for (let t = 0; t < l; t++) {
      const at = (name: string) => tf.squeeze(sliceTime(inputs[name] as tf.Tensor, t, 1), [1]);
      const step = ssdStep({
        x: at('x'), dt: at('dt'), A: inputs.A!, B: at('B'), C: at('C'), D: inputs.D, z: at('z'), dtBias: inputs.dtBias, state,
      });
      await expectClose(step.y, tf.squeeze(sliceTime(whole.y, t, 1), [1]), `y at t=${t}`);
      state = step.state;
    }
    await expectClose(state, whole.state, 'final state');
  });
});
