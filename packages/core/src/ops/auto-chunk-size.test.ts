import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../kernels/register-all.js';
import { ArgumentError } from './arg-checker.js';
import { setScanChunkTuning } from './auto-chunk-size.js';
import { scanChunkTunings } from './chunk-size.js';
import { ssdScan } from './ssd-scan.js';
import { selectiveScan } from './selective-scan.js';
import type { ScanImpl } from './scan-types.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { FORWARD_TOLERANCE, relativeError } from '../test-support/compare.js';
import { useCpuWithoutFusedKernels } from '../test-support/cpu-without-fused-kernels.js';
import { randomSsdInputs } from '../test-support/random-inputs.js';

const UNFUSED = 'cpu-unfused';
const tuningsOf = (backend: string) => scanChunkTunings().filter((t) => t.backend === backend);

/** y, state and d(Σy + Σstate)/dx of ssdScan, with the scan called inside tf.variableGrads; also how many nodes the scan added to that tape. */
function ssdInsideTape(inputs: Record<string, tf.Tensor>, impl: ScanImpl) {
  const x = tf.variable(inputs.x as tf.Tensor);
  let tapeNodes = 0;
  let outputs: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const before = tf.engine().state.activeTape.length;
    const { y, state } = ssdScan({ ...inputs, x } as never, { impl });
    tapeNodes = tf.engine().state.activeTape.length - before;
    outputs = [tf.keep(y.clone()), tf.keep(state.clone())];
    return tf.add(tf.sum(y), tf.sum(state)) as tf.Scalar;
  }, [x]);
  const dx = grads[x.name] as tf.Tensor;
  value.dispose();
  x.dispose();
  return { y: outputs[0] as tf.Tensor, state: outputs[1] as tf.Tensor, dx, tapeNodes };
}

function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(relativeError(actual.dataSync(), expected.dataSync())).toBeLessThan(FORWARD_TOLERANCE);
}

describe('lazy chunk-size tuning where auto runs chunked', () => {
  beforeAll(() => useCpuWithoutFusedKernels(UNFUSED));
  afterEach(() => setScanChunkTuning(true));
  afterAll(() => useBackend('cpu'));

  it('tunes once at the first auto call of a shape, inside a gradient tape without recording on it, then reuses the size', () => {
    const inputs = randomSsdInputs(new Rng(1), { b: 1, l: 40, h: 2, p: 2, n: 3, g: 1 });
    const before = tf.memory().numTensors;
    const first = ssdInsideTape(inputs, 'auto');
    expect(tuningsOf(UNFUSED)).toHaveLength(1);
    const tuning = tuningsOf(UNFUSED)[0];
    expect(tuning).toMatchObject({ op: 'ssdScan', dims: { b: 1, l: 40, h: 2, p: 2, n: 3, g: 1 } });
    expect(tuning?.timings.map((t) => t.chunkSize)).toEqual([16, 32, 40]);
    const second = ssdInsideTape(inputs, 'auto');
    expect(tuningsOf(UNFUSED)).toHaveLength(1);
    expect(first.tapeNodes).toBe(second.tapeNodes);
    const reference = ssdInsideTape(inputs, 'reference');
    for (const run of [first, second]) {
      expectClose(run.y, reference.y);
      expectClose(run.state, reference.state);
      expectClose(run.dx, reference.dx);
    }
    for (const run of [first, second, reference]) tf.dispose([run.y, run.state, run.dx]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
  });

  it('retunes per op, shape and backend name', async () => {
    const rng = new Rng(2);
    const ssd = randomSsdInputs(rng, { b: 1, l: 20, h: 2, p: 2, n: 2, g: 1 });
    const longer = randomSsdInputs(rng, { b: 1, l: 24, h: 2, p: 2, n: 2, g: 1 });
    const selective = { u: rng.normalTensor([1, 20, 4]), delta: rng.normalTensor([1, 20, 4]), A: rng.uniformTensor([4, 2], -2, -0.5), B: rng.normalTensor([1, 20, 2]), C: rng.normalTensor([1, 20, 2]) };
    const before = tf.memory().numTensors;
    const count = tuningsOf(UNFUSED).length;
    tf.dispose([ssdScan(ssd as never), ssdScan(longer as never), selectiveScan(selective), ssdScan(ssd as never)].flatMap((r) => [r.y, r.state]));
    expect(tuningsOf(UNFUSED).slice(count).map((t) => `${t.op} l=${t.dims.l}`)).toEqual(['ssdScan l=20', 'ssdScan l=24', 'selectiveScan l=20']);
    await useCpuWithoutFusedKernels(`${UNFUSED}-2`);
    tf.dispose(Object.values(ssdScan(ssd as never)));
    expect(tuningsOf(`${UNFUSED}-2`)).toHaveLength(1);
    await useCpuWithoutFusedKernels(UNFUSED);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...Object.values(ssd), ...Object.values(longer), ...Object.values(selective)]);
  });

  it('does not tune when switched off, when a chunk size or impl is given, or where a fused kernel runs', async () => {
    const inputs = randomSsdInputs(new Rng(3), { b: 1, l: 12, h: 2, p: 2, n: 2, g: 1 });
    const count = scanChunkTunings().length;
    const run = (options: object) => tf.dispose(Object.values(ssdScan(inputs as never, options)));
    run({ impl: 'auto', chunkSize: 4 });
    run({ impl: 'chunked' });
    setScanChunkTuning(false);
    run({ impl: 'auto' });
    setScanChunkTuning(true);
    await useBackend('cpu');
    run({ impl: 'auto' });
    await useCpuWithoutFusedKernels(UNFUSED);
    expect(scanChunkTunings()).toHaveLength(count);
    tf.dispose(Object.values(inputs));
  });

  it('setScanChunkTuning names its argument', () => {
    expect(() => setScanChunkTuning('off' as never)).toThrow(ArgumentError);
    expect(() => setScanChunkTuning('off' as never)).toThrow(/argument 'enabled' must be a boolean; got "off"/);
  });
});
