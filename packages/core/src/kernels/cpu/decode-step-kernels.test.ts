import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AttentionDecodeStep, GeluDecode, Mamba2DecodeStep, RmsNormDecode } from '../../ops/decode-kernel-names.js';
import { ssdStep } from '../../ops/scan-step.js';
import { applyRope } from '../../layers/rope.js';
import { gelu } from '../../layers/mlp.js';
import { rmsNormalize } from '../../layers/rms-norm.js';
import { useBackend } from '../../test-support/backends.js';
import { relativeError } from '../../test-support/compare.js';
import { freshSeed } from '../../test-support/random-inputs.js';
import { Rng } from '../../util/random.js';
import '../register-all.js';
import { decodeSimdModule } from '../wasm/decode-step-wasm.js';

// The layers' fused decode kernels against tf-op references on fresh random inputs (seed in the
// message; HYBRIDSSM_TEST_SEED replays one), including the caches they update in place.
const TOLERANCE = 1e-5;

const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number> = {}) =>
  tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;

/** Live tensors and backend buffers, to check that a kernel leaves nothing but its output behind. */
const live = () => [tf.memory().numTensors, tf.engine().backend.numDataIds()];

interface Mamba2Dims {
  b: number; h: number; p: number; n: number; g: number; k: number; normGroupSize: number; bias: boolean;
}

function mamba2Case(seed: number, s: Mamba2Dims) {
  const rng = new Rng(seed);
  const dInner = s.h * s.p;
  const convDim = dInner + 2 * s.g * s.n;
  return {
    zxbcdt: rng.normalTensor([s.b, dInner + convDim + s.h]),
    convWindow: rng.normalTensor([s.b, s.k - 1, convDim]),
    convWeight: rng.normalTensor([convDim, 1, s.k], 0.5),
    convBias: s.bias ? rng.normalTensor([convDim], 0.3) : tf.zeros([0]),
    dtBias: rng.normalTensor([s.h], 0.3, -1),
    ALog: rng.normalTensor([s.h], 0.5),
    D: rng.normalTensor([s.h]),
    normWeight: rng.normalTensor([dInner], 0.2, 1),
    state: rng.normalTensor([s.b, s.h, s.p, s.n]),
  };
}

/** The Mamba-2 step between in_proj and out_proj in tf ops: conv, SiLU, ssdStep('reference'), gated RMSNorm. */
function mamba2Reference(i: ReturnType<typeof mamba2Case>, s: Mamba2Dims, eps: number) {
  return tf.tidy(() => {
    const dInner = s.h * s.p;
    const convDim = dInner + 2 * s.g * s.n;
    const [z, xBC, dt] = tf.split(i.zxbcdt, [dInner, convDim, s.h], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const full = tf.concat([i.convWindow, tf.expandDims(xBC, 1)], 1);
    let conv = tf.sum(tf.mul(full, tf.transpose(tf.reshape(i.convWeight, [convDim, s.k]))), 1);
    if (s.bias) conv = tf.add(conv, i.convBias);
    const act = tf.mul(conv, tf.sigmoid(conv));
    const [x, B, C] = tf.split(act, [dInner, s.g * s.n, s.g * s.n], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const { y, state } = ssdStep(
      {
        x: tf.reshape(x, [s.b, s.h, s.p]), dt, A: tf.neg(tf.exp(i.ALog)), B: tf.reshape(B, [s.b, s.g, s.n]), C: tf.reshape(C, [s.b, s.g, s.n]),
        D: i.D, dtBias: i.dtBias, dtSoftplus: true, state: i.state,
      },
      { impl: 'reference' },
    );
    const gated = tf.mul(tf.reshape(y, [s.b, dInner]), tf.mul(z, tf.sigmoid(z)));
    const normed = tf.reshape(rmsNormalize(tf.reshape(gated, [s.b, dInner / s.normGroupSize, s.normGroupSize]), eps), [s.b, dInner]);
    return { y: tf.mul(normed, i.normWeight), window: tf.slice(full, [0, 1, 0], [-1, s.k - 1, -1]), state };
  });
}

interface AttentionDims {
  b: number; h: number; kvh: number; hd: number; capacity: number; position: number; ropeBase: number;
}

/** One query of causal attention in tf ops: the prefix of the buffers plus the token's own key and value. */
function attentionReference(qkv: tf.Tensor, keys: tf.Tensor, values: tf.Tensor, s: AttentionDims) {
  return tf.tidy(() => {
    const [qFlat, kFlat, vFlat] = tf.split(qkv, [s.h * s.hd, s.kvh * s.hd, s.kvh * s.hd], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const heads = (t: tf.Tensor, n: number) => tf.reshape(t, [s.b, n, 1, s.hd]);
    const rope = (t: tf.Tensor) => (s.ropeBase > 0 ? applyRope(t, s.position, s.ropeBase) : t);
    const q = rope(heads(qFlat, s.h));
    const k = rope(heads(kFlat, s.kvh));
    const v = heads(vFlat, s.kvh);
    const prefix = (buffer: tf.Tensor, row: tf.Tensor) =>
      s.position === 0 ? row : tf.concat([tf.slice(buffer, [0, 0, 0, 0], [s.b, s.kvh, s.position, s.hd]), row], 2);
    const perQueryHead = (t: tf.Tensor) => tf.gather(t, Array.from({ length: s.h }, (_, i) => Math.floor(i / (s.h / s.kvh))), 1);
    const scores = tf.div(tf.matMul(q, perQueryHead(prefix(keys, k)), false, true), Math.sqrt(s.hd));
    const mixed = tf.matMul(tf.softmax(scores), perQueryHead(prefix(values, v)));
    return { out: tf.reshape(mixed, [s.b, s.h * s.hd]), k: tf.reshape(k, [s.b, s.kvh, s.hd]), v: tf.reshape(v, [s.b, s.kvh, s.hd]) };
  });
}

const rows = (buffer: tf.Tensor, from: number, count: number) => tf.slice(buffer, [0, 0, from, 0], [-1, -1, count, -1]);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused decode kernels on ${backend}`, () => {
    beforeAll(() => useBackend(backend));

    if (backend === 'wasm') {
      it('the SIMD decode module (build/decode-kernels.wasm) is built and serves wasm', () => {
        expect(decodeSimdModule(), 'run the package build').toBeDefined();
      });
    }

    const mamba2Shapes: Mamba2Dims[] = [
      { b: 1, h: 4, p: 8, n: 16, g: 1, k: 4, normGroupSize: 32, bias: true },
      { b: 2, h: 4, p: 4, n: 6, g: 2, k: 3, normGroupSize: 8, bias: false },
      { b: 1, h: 2, p: 4, n: 4, g: 1, k: 1, normGroupSize: 8, bias: true },
    ];
    for (const s of mamba2Shapes) {
      it(`${Mamba2DecodeStep} equals conv + SiLU + ssdStep + gated RMSNorm in tf ops, updating window and state in place (${JSON.stringify(s)})`, () => {
        const seed = freshSeed();
        const inputs = mamba2Case(seed, s);
        const eps = 1e-5;
        const expected = mamba2Reference(inputs, s, eps);
        const before = live();
        const y = run(Mamba2DecodeStep, inputs, { nheads: s.h, headdim: s.p, dState: s.n, ngroups: s.g, normGroupSize: s.normGroupSize, eps });
        expect(live(), 'only the output is new').toEqual(before.map((c) => c + 1));
        expect(relativeError(y.dataSync(), expected.y.dataSync()), `y, seed ${seed}`).toBeLessThan(TOLERANCE);
        expect(relativeError(inputs.state.dataSync(), expected.state.dataSync()), `state, seed ${seed}`).toBeLessThan(TOLERANCE);
        expect(Array.from(inputs.convWindow.dataSync()), `window, seed ${seed}`).toEqual(Array.from(expected.window.dataSync()));
        tf.dispose([y, expected.y, expected.window, expected.state, ...Object.values(inputs)]);
      });
    }

    const attentionShapes: AttentionDims[] = [
      { b: 1, h: 4, kvh: 4, hd: 16, capacity: 40, position: 37, ropeBase: 10000 },
      { b: 2, h: 4, kvh: 2, hd: 8, capacity: 9, position: 6, ropeBase: 0 },
      { b: 2, h: 2, kvh: 1, hd: 6, capacity: 5, position: 0, ropeBase: 500 },
      { b: 1, h: 2, kvh: 2, hd: 4, capacity: 3000, position: 2999, ropeBase: 10000 },
    ];
    for (const s of attentionShapes) {
      it(`${AttentionDecodeStep} equals softmax(q Kᵀ/√d) V over the prefix and writes only row 'position' (${JSON.stringify(s)})`, () => {
        const seed = freshSeed();
        const rng = new Rng(seed);
        const qkv = rng.normalTensor([s.b, (s.h + 2 * s.kvh) * s.hd]);
        // rows past `position` hold values the kernel must neither read nor change
        const keys = rng.normalTensor([s.b, s.kvh, s.capacity, s.hd]);
        const values = rng.normalTensor([s.b, s.kvh, s.capacity, s.hd]);
        const expected = attentionReference(qkv, keys, values, s);
        // real copies: a clone shares the memory the kernel writes in place
        const keysBefore = tf.tensor(keys.dataSync().slice(), keys.shape);
        const valuesBefore = tf.tensor(values.dataSync().slice(), values.shape);
        const before = live();
        const out = run(AttentionDecodeStep, { qkv, keys, values }, { position: s.position, numHeads: s.h, numKvHeads: s.kvh, ropeBase: s.ropeBase });
        expect(live(), 'only the output is new').toEqual(before.map((c) => c + 1));
        expect(relativeError(out.dataSync(), expected.out.dataSync()), `output, seed ${seed}`).toBeLessThan(TOLERANCE);
        const written = tf.tidy(() => [rows(keys, s.position, 1), rows(values, s.position, 1)].map((t) => tf.reshape(t, [s.b, s.kvh, s.hd])));
        expect(relativeError(written[0]!.dataSync(), expected.k.dataSync()), `written key, seed ${seed}`).toBeLessThan(TOLERANCE);
        expect(Array.from(written[1]!.dataSync()), 'written value').toEqual(Array.from(expected.v.dataSync()));
        const untouched = tf.tidy(() =>
          [keys, values, keysBefore, valuesBefore].map((t) => tf.concat([rows(t, 0, s.position), rows(t, s.position + 1, s.capacity - s.position - 1)], 2).dataSync()),
        );
        expect(Array.from(untouched[0]!), 'other key rows').toEqual(Array.from(untouched[2]!));
        expect(Array.from(untouched[1]!), 'other value rows').toEqual(Array.from(untouched[3]!));
        tf.dispose([qkv, keys, values, keysBefore, valuesBefore, out, expected.out, expected.k, expected.v, ...written]);
      });
    }

    it(`${RmsNormDecode} and ${GeluDecode} equal their tf-op forms`, () => {
      const seed = freshSeed();
      const rng = new Rng(seed);
      const x = rng.normalTensor([3, 40], 3);
      const weight = rng.normalTensor([40], 0.3, 1);
      const before = live();
      const norm = run(RmsNormDecode, { x, weight }, { eps: 1e-5 });
      const activated = run(GeluDecode, { x });
      expect(live(), 'only the outputs are new').toEqual(before.map((c) => c + 2));
      const expected = tf.tidy(() => [tf.mul(rmsNormalize(x, 1e-5), weight), gelu(x)]);
      expect(relativeError(norm.dataSync(), expected[0]!.dataSync()), `RMSNorm, seed ${seed}`).toBeLessThan(TOLERANCE);
      expect(relativeError(activated.dataSync(), expected[1]!.dataSync()), `GELU, seed ${seed}`).toBeLessThan(TOLERANCE);
      tf.dispose([x, weight, norm, activated, ...expected]);
    });
  });
}
