import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from './arg-checker.js';
import { selectiveScan } from './selective-scan.js';
import { ssdScan } from './ssd-scan.js';
import { selectiveScanStep, ssdStep } from './scan-step.js';
import { Rng } from '../util/random.js';
import { useBackend } from '../test-support/backends.js';
import { randomSelectiveInputs, randomSsdInputs } from '../test-support/random-inputs.js';

const rng = new Rng(7);
const sel = () => randomSelectiveInputs(rng, { b: 2, l: 5, d: 4, n: 3, g: 2 }) as Record<string, unknown>;
const ssd = () => randomSsdInputs(rng, { b: 2, l: 5, h: 4, p: 2, n: 3, g: 2 }) as Record<string, unknown>;

function expectArgError(run: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ArgumentError);
  expect((thrown as Error).message).toMatch(message);
}

describe('scan ops reject bad input with errors that name the argument', () => {
  beforeAll(() => useBackend('cpu'));

  it('wrong rank', () => {
    expectArgError(
      () => selectiveScan({ ...sel(), u: tf.zeros([2, 5]) } as never),
      /^selectiveScan: argument 'u' must have rank 3 \[b,l,d\]; got rank 2 \[2,5\]$/,
    );
    expectArgError(
      () => selectiveScan({ ...sel(), B: tf.zeros([2, 5]) } as never),
      /argument 'B' must have rank 3 \[b,l,n\] or rank 4 \[b,l,g,n\]; got rank 2 \[2,5\]/,
    );
    expectArgError(() => ssdScan({ ...ssd(), A: tf.zeros([4, 1]) } as never), /ssdScan: argument 'A' must have rank 1 \[h\]; got rank 2/);
  });

  it('mismatched batch or length', () => {
    expectArgError(
      () => selectiveScan({ ...sel(), delta: tf.zeros([3, 5, 4]) } as never),
      /argument 'delta' must have shape \[b,l,d\] = \[2,5,4\]; got \[3,5,4\] \(b=2 from 'u'\)/,
    );
    expectArgError(
      () => ssdScan({ ...ssd(), dt: tf.zeros([2, 6, 4]) } as never),
      /argument 'dt' must have shape \[b,l,h\] = \[2,5,4\]; got \[2,6,4\] \(l=5 from 'x'\)/,
    );
  });

  it('h % g != 0 and d % g != 0', () => {
    expectArgError(
      () => ssdScan({ ...ssd(), B: tf.zeros([2, 5, 3, 3]), C: tf.zeros([2, 5, 3, 3]) } as never),
      /ssdScan: h=4 \(from 'x'\) must be divisible by the number of groups g=3 \(from 'B'\)/,
    );
    expectArgError(
      () => selectiveScan({ ...sel(), B: tf.zeros([2, 5, 3, 3]), C: tf.zeros([2, 5, 3, 3]) } as never),
      /selectiveScan: d=4 \(from 'u'\) must be divisible by the number of groups g=3 \(from 'B'\)/,
    );
  });

  it('n mismatch between A and B', () => {
    expectArgError(
      () => selectiveScan({ ...sel(), B: tf.zeros([2, 5, 2, 5]) } as never),
      /argument 'B' must have shape \[b,l,g,n\] = \[2,5,2,3\]; got \[2,5,2,5\] \(n=3 from 'A'\)/,
    );
    expectArgError(
      () => ssdScan({ ...ssd(), C: tf.zeros([2, 5, 2, 4]) } as never),
      /argument 'C' must have shape \[b,l,g,n\] = \[2,5,2,3\]; got \[2,5,2,4\] \(n=3 from 'B'\)/,
    );
  });

  it('non-finite bias', () => {
    expectArgError(
      () => selectiveScan({ ...sel(), deltaBias: tf.tensor1d([0, NaN, 0, 0]) } as never),
      /selectiveScan: argument 'deltaBias' must be finite; element 1 is NaN/,
    );
    expectArgError(
      () => ssdScan({ ...ssd(), dtBias: tf.tensor1d([0, 0, Infinity, 0]) } as never),
      /ssdScan: argument 'dtBias' must be finite; element 2 is Infinity/,
    );
  });

  it('unknown impl, bad chunk size, kernel without a registered kernel', () => {
    expectArgError(
      () => selectiveScan(sel() as never, { impl: 'fast' as never }),
      /selectiveScan: option 'impl' must be one of 'auto', 'reference', 'chunked', 'kernel'; got "fast"/,
    );
    expectArgError(() => ssdScan(ssd() as never, { chunkSize: 0 }), /ssdScan: option 'chunkSize' must be a positive integer; got 0/);
    expectArgError(
      () => ssdScan(ssd() as never, { impl: 'kernel' }),
      /ssdScan: option 'impl' is 'kernel', but no fused ssdScan kernel is registered for backend 'cpu'/,
    );
  });

  it('missing tensors, non-tensors and wrong dtypes', () => {
    expectArgError(() => selectiveScan({ ...sel(), A: undefined } as never), /argument 'A' must be a tf.Tensor of shape \[d,n\]; got undefined/);
    expectArgError(() => ssdScan({ ...ssd(), x: [[1]] } as never), /argument 'x' must be a tf.Tensor .*; got an array/);
    expectArgError(() => ssdScan({ ...ssd(), dt: tf.zeros([2, 5, 4], 'int32') } as never), /argument 'dt' must have dtype float32; got int32/);
    expectArgError(() => selectiveScan(null as never), /selectiveScan: the first argument must be an object of named tensors; got null/);
    expectArgError(() => selectiveScan({ ...sel(), deltaSoftplus: 'yes' } as never), /option 'deltaSoftplus' must be a boolean/);
  });

  it('decode steps validate their state', () => {
    const s = sel() as Record<string, tf.Tensor>;
    const at0 = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [0, 0], [-1, 1]), [1]);
    expectArgError(
      () => selectiveScanStep({ u: at0(s.u!), delta: at0(s.delta!), A: s.A!, B: at0(s.B!), C: at0(s.C!), state: tf.zeros([2, 4, 2]) }),
      /selectiveScanStep: argument 'state' must have shape \[b,d,n\] = \[2,4,3\]; got \[2,4,2\]/,
    );
    expectArgError(
      () => ssdStep({ x: tf.zeros([2, 4, 2]), dt: tf.zeros([2, 4]), A: tf.zeros([4]), B: tf.zeros([2, 1, 3]), C: tf.zeros([2, 1, 3]), state: tf.zeros([2, 4, 3, 3]) }),
      /ssdStep: argument 'state' must have shape \[b,h,p,n\] = \[2,4,2,3\]; got \[2,4,3,3\] \(p=2 from 'x'\)/,
    );
    const step = { x: tf.zeros([2, 4, 2]), dt: tf.zeros([2, 4]), A: tf.zeros([4]), B: tf.zeros([2, 1, 3]), C: tf.zeros([2, 1, 3]), state: tf.zeros([2, 4, 2, 3]) };
    expectArgError(() => ssdStep(step, { impl: 'chunked' as never }), /ssdStep: option 'impl' must be one of 'auto', 'reference', 'kernel'; got "chunked"/);
    expectArgError(
      () => ssdStep(step, { impl: 'kernel' }),
      /ssdStep: option 'impl' is 'kernel', but no fused ssdStep kernel is registered for backend 'cpu'; use 'auto' or 'reference'$/,
    );
  });
});
