import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { SelectiveScanStep, SsdStep } from '../ops/kernel-names.js';
import { resolveScanImpl } from '../ops/scan-impl.js';
import { selectiveScanStep, ssdStep } from '../ops/scan-step.js';
import type { ScanResult, StepImpl } from '../ops/scan-types.js';
import { selectiveScan } from '../ops/selective-scan.js';
import { ssdScan } from '../ops/ssd-scan.js';
import { Rng } from '../util/random.js';
import { FORWARD_TOLERANCE, relativeError, values } from './compare.js';
import { freshSeed, randomSelectiveInputs, randomSsdInputs } from './random-inputs.js';

type Inputs = Record<string, tf.Tensor | boolean>;

interface StepOp {
  scan(inputs: Inputs): ScanResult;
  step(inputs: Inputs, impl: StepImpl): ScanResult;
  /** inputs with a time axis; the others are per channel (or head) */
  perStep: string[];
  optional: string[];
}

const OPS: Record<'selectiveScan' | 'ssdScan', StepOp> = {
  selectiveScan: {
    scan: (i) => selectiveScan(i as never, { impl: 'reference' }),
    step: (i, impl) => selectiveScanStep(i as never, { impl }),
    perStep: ['u', 'delta', 'B', 'C', 'z'],
    optional: ['z', 'D', 'deltaBias'],
  },
  ssdScan: {
    scan: (i) => ssdScan(i as never, { impl: 'reference' }),
    step: (i, impl) => ssdStep(i as never, { impl }),
    perStep: ['x', 'dt', 'B', 'C', 'z'],
    optional: ['z', 'D', 'dtBias'],
  },
};

/** Position `time` of every per-step input ([b,l,…] → [b,…]); the other inputs as they are, less initialState. */
function token(op: StepOp, inputs: Inputs, time: number): Inputs {
  const at = (t: tf.Tensor) => tf.squeeze(tf.slice(t, t.shape.map((_, a) => (a === 1 ? time : 0)), t.shape.map((s, a) => (a === 1 ? 1 : s))), [1]);
  const entries = Object.entries(inputs).filter(([name]) => name !== 'initialState');
  return Object.fromEntries(entries.map(([name, v]) => [name, op.perStep.includes(name) ? at(v as tf.Tensor) : v]));
}

/**
 * Runs the sequence token by token from initialState with the step kernel and with the reference step:
 * at every t the kernel's y equals the reference step's and y_t of the full `reference` scan, and the
 * final states agree.
 */
async function expectStepsMatchScan(op: StepOp, inputs: Inputs, label: string): Promise<void> {
  const whole = op.scan(inputs);
  const l = whole.y.shape[1] as number;
  const initial = inputs.initialState as tf.Tensor;
  let state = { kernel: initial, reference: initial };
  for (let t = 0; t < l; t++) {
    const tok = token(op, inputs, t);
    const kernel = op.step({ ...tok, state: state.kernel }, 'kernel');
    const reference = op.step({ ...tok, state: state.reference }, 'reference');
    const expected = tf.squeeze(tf.slice(whole.y, [0, t], [-1, 1]), [1]);
    const y = await values(kernel.y);
    expect(kernel.y.shape, label).toEqual(expected.shape);
    expect(relativeError(y, await values(expected)), `${label}: y vs the scan at t=${t}`).toBeLessThan(FORWARD_TOLERANCE);
    expect(relativeError(y, await values(reference.y)), `${label}: y vs the reference step at t=${t}`).toBeLessThan(FORWARD_TOLERANCE);
    if (t > 0) tf.dispose([state.kernel, state.reference]);
    state = { kernel: kernel.state, reference: reference.state };
    tf.dispose([kernel.y, reference.y, expected, ...op.perStep.map((name) => tok[name] as tf.Tensor | undefined).filter((v) => v !== undefined)]);
  }
  const final = await values(state.kernel);
  expect(relativeError(final, await values(whole.state)), `${label}: final state vs the scan`).toBeLessThan(FORWARD_TOLERANCE);
  expect(relativeError(final, await values(state.reference)), `${label}: final state vs the reference step`).toBeLessThan(FORWARD_TOLERANCE);
  tf.dispose([whole.y, whole.state, state.kernel, state.reference]);
}

/** Inputs of a case: all of them, or (`full` false) without z, D and the bias; softplus off takes |dt|. */
function caseInputs(op: StepOp, tensors: Record<string, tf.Tensor>, full: boolean, softplus: boolean): Inputs {
  const kept: Inputs = Object.fromEntries(Object.entries(tensors).filter(([name]) => full || !op.optional.includes(name)));
  if (softplus) return kept;
  const [dtName, flag] = op === OPS.selectiveScan ? ['delta', 'deltaSoftplus'] : ['dt', 'dtSoftplus'];
  return { ...kept, [dtName]: tf.abs(kept[dtName] as tf.Tensor), [flag]: false };
}

// n and d (or p) not multiples of 4, grouped and not, gated and not, softplus on and off
const SELECTIVE_CASES = [
  { b: 2, l: 10, d: 6, n: 5, g: 0, full: true, softplus: true },
  { b: 2, l: 10, d: 6, n: 3, g: 3, full: false, softplus: true },
  { b: 1, l: 10, d: 8, n: 4, g: 2, full: true, softplus: false },
];
const SSD_CASES = [
  { b: 2, l: 10, h: 4, p: 3, n: 5, g: 2, full: true, softplus: true },
  { b: 2, l: 10, h: 3, p: 2, n: 3, g: 1, full: false, softplus: true },
  { b: 1, l: 10, h: 2, p: 4, n: 8, g: 2, full: true, softplus: false },
];

const describeCase = (c: { g: number; full: boolean; softplus: boolean }) =>
  `${c.g === 0 ? 'ungrouped' : `${c.g} groups`}, ${c.full ? 'gated, D and bias' : 'no gate, D or bias'}${c.softplus ? '' : ', no softplus'}`;

/** Registers the decode-step kernel tests on the active backend (call inside a describe with beforeAll). */
export function stepKernelSuite(): void {
  const seed = freshSeed();

  for (const c of SELECTIVE_CASES) {
    it(`selectiveScanStep kernel, d=${c.d} n=${c.n}, ${describeCase(c)}: equals the reference step and the scan at every t`, async () => {
      const tensors = randomSelectiveInputs(new Rng(seed + c.n), c);
      const inputs = caseInputs(OPS.selectiveScan, tensors, c.full, c.softplus);
      await expectStepsMatchScan(OPS.selectiveScan, inputs, `seed ${seed}`);
      tf.dispose([tensors, inputs] as never);
    });
  }

  for (const c of SSD_CASES) {
    it(`ssdStep kernel, h=${c.h} p=${c.p} n=${c.n}, ${describeCase(c)}: equals the reference step and the scan at every t`, async () => {
      const tensors = randomSsdInputs(new Rng(seed + c.n), c);
      const inputs = caseInputs(OPS.ssdScan, tensors, c.full, c.softplus);
      await expectStepsMatchScan(OPS.ssdScan, inputs, `seed ${seed}`);
      tf.dispose([tensors, inputs] as never);
    });
  }

  it('auto picks the step kernels, which return exactly [y, state] and leave no tensor or backend data behind', async () => {
    const rng = new Rng(3);
    const sel = randomSelectiveInputs(rng, { b: 2, l: 1, d: 4, n: 3, g: 2 });
    const ssd = caseInputs(OPS.ssdScan, randomSsdInputs(rng, { b: 2, l: 1, h: 4, p: 2, n: 3, g: 1 }), false, true);
    const selTok = { ...token(OPS.selectiveScan, sel, 0), state: sel.initialState as tf.Tensor };
    const ssdTok = { ...token(OPS.ssdScan, ssd, 0), state: ssd.initialState as tf.Tensor };
    const run = () => [OPS.selectiveScan.step(selTok, 'auto'), OPS.ssdScan.step(ssdTok, 'auto')].flatMap((r) => [r.y, r.state]);
    await Promise.all(run().map(async (t) => (await t.data(), t.dispose()))); // compiles what needs compiling
    const backend = tf.engine().backend;
    const before = { tensors: tf.memory().numTensors, data: backend.numDataIds() };
    const outputs = run();
    expect(tf.memory().numTensors).toBe(before.tensors + 4);
    await Promise.all(outputs.map((t) => t.data()));
    tf.dispose(outputs);
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(backend.numDataIds()).toBe(before.data);
    expect(resolveScanImpl('selectiveScanStep', 'auto', SelectiveScanStep, 'reference')).toBe('kernel');
    expect(resolveScanImpl('ssdStep', 'auto', SsdStep, 'reference')).toBe('kernel');
    tf.dispose([sel, ssd, selTok, ssdTok] as never);
  });

  it('the step kernel has no gradient; the reference step differentiates', () => {
    const sel = randomSelectiveInputs(new Rng(4), { b: 1, l: 1, d: 4, n: 3, g: 0 });
    const tok: Inputs = { ...token(OPS.selectiveScan, sel, 0), state: sel.initialState as tf.Tensor };
    const gradU = (impl: StepImpl) => tf.grad((u: tf.Tensor) => tf.sum(OPS.selectiveScan.step({ ...tok, u }, impl).y));
    expect(() => gradU('kernel')(tok.u as tf.Tensor)).toThrow(/gradient function not found for HybridSsmSelectiveScanStep/);
    const grad = gradU('reference')(tok.u as tf.Tensor);
    expect(grad.shape).toEqual([1, 4]);
    tf.dispose([grad, sel, tok] as never);
  });
}
