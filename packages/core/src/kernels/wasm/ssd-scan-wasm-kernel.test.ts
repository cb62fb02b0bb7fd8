import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScanKernels } from './scan-kernels-module.js';
import { ssdOnHeap } from './ssd-on-heap.js';
import { registerWasmSsdScanKernels } from './ssd-scan-wasm-kernel.js';
import { SsdScan, SsdScanGrad } from '../../ops/kernel-names.js';
import { availableScanImpls, resolveScanImpl } from '../../ops/scan-impl.js';
import { ssdScan } from '../../ops/ssd-scan.js';
import { Rng } from '../../util/random.js';
import { useBackend } from '../../test-support/backends.js';
import { goldenSuite } from '../../test-support/golden-suite.js';
import { expectKernelMatchesReference } from '../../test-support/kernel-parity.js';
import { freshSeed, randomCotangents, randomSsdInputs } from '../../test-support/random-inputs.js';
import { scanWithGrads } from '../../test-support/scan-harness.js';

const kernels = loadScanKernels();
if (kernels === undefined) throw new Error('this Node has no WebAssembly SIMD');
registerWasmSsdScanKernels(kernels, ['cpu', 'wasm']);
const seed = freshSeed();

// n = 6 is not a whole number of f32x4 vectors: it runs on zero-padded state columns. The kernels work in
// chunks of 32 steps (assembly/ssd-chunk.ts): these lengths are shorter than one chunk, whole chunks, and
// whole chunks and a part; p = 3, 5 leave columns past the 8- and 4-wide matrix tiles. Above 1024 steps
// (32 chunks) the backward pass keeps the chunks' states one segment at a time: l = 1100 is two segments.
const CASES = [
  { l: 1, h: 4, p: 3, n: 8, g: 1, gated: true },
  { l: 20, h: 4, p: 8, n: 12, g: 4, gated: false },
  { l: 63, h: 4, p: 4, n: 4, g: 2, gated: false },
  { l: 64, h: 4, p: 5, n: 6, g: 2, gated: true },
  { l: 65, h: 2, p: 4, n: 16, g: 1, gated: true },
  { l: 1000, h: 2, p: 3, n: 8, g: 2, gated: true },
  { l: 1100, h: 2, p: 4, n: 4, g: 1, gated: false },
];

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`SIMD ssdScan kernel on ${backend}`, () => {
    beforeAll(() => useBackend(backend));
    goldenSuite(['kernel'], ['ssdScan']);

    for (const { l, h, p, n, g, gated } of CASES) {
      it(`matches reference at l=${l} h=${h} p=${p} n=${n}, ${g} group(s), ${gated ? 'gated' : 'no gate'}, forward and every gradient`, async () => {
        const rng = new Rng(seed + l + n);
        const all = randomSsdInputs(rng, { b: 2, l, h, p, n, g });
        const inputs = gated ? all : Object.fromEntries(Object.entries(all).filter(([k]) => !['z', 'D', 'initialState'].includes(k)));
        const cot = randomCotangents(rng, [2, l, h, p], [2, h, p, n]);
        await expectKernelMatchesReference((impl) => (i) => ssdScan(i as never, { impl }), inputs, cot, `l=${l} n=${n} (seed ${seed})`);
        tf.dispose([inputs, cot] as never);
      });
    }

    it('matches reference with strong decays (dt·A down to about −100 per step; the segment sums span thousands)', async () => {
      const rng = new Rng(seed + 1);
      const tensors = randomSsdInputs(rng, { b: 2, l: 70, h: 2, p: 8, n: 8, g: 1 });
      const A = tf.mul(tensors.A as tf.Tensor, 10);
      const dt = tf.add(tensors.dt as tf.Tensor, 3);
      const inputs = { ...tensors, A, dt };
      const cot = randomCotangents(rng, [2, 70, 2, 8], [2, 2, 8, 8]);
      await expectKernelMatchesReference((impl) => (i) => ssdScan(i as never, { impl }), inputs, cot, `strong decays (seed ${seed})`);
      tf.dispose([tensors, A, dt, cot] as never);
    });

    it('matches reference without the softplus on dt', async () => {
      const rng = new Rng(seed);
      const tensors = randomSsdInputs(rng, { b: 2, l: 40, h: 2, p: 4, n: 8, g: 1 });
      const dt = tf.abs(tensors.dt as tf.Tensor);
      const inputs: Record<string, tf.Tensor | boolean> = { ...tensors, dt, dtSoftplus: false };
      const cot = randomCotangents(rng, [2, 40, 2, 4], [2, 2, 4, 8]);
      await expectKernelMatchesReference((impl) => (i) => ssdScan(i as never, { impl }), inputs, cot, `no softplus (seed ${seed})`);
      tf.dispose([tensors, dt, cot] as never);
    });

    it("the backward kernel's gradients from the forward's chunk states equal those it recomputes (two segments, gated; on cpu with n padded)", () => {
      const rng = new Rng(seed + 7);
      const [b, l, h, p, n] = [2, 1100, 2, 4, backend === 'wasm' ? 8 : 6];
      const inputs = randomSsdInputs(rng, { b, l, h, p, n, g: 1 });
      const cot = randomCotangents(rng, [b, l, h, p], [b, h, p, n]);
      const attrs = { dtSoftplus: true, gated: true };
      const engine = tf.engine();
      const buffer = tf.fill([b, Math.ceil(l / 32), h, p, 8], Number.NaN); // chunks of 32 steps, n in whole f32x4 vectors
      const empty = tf.zeros([0]);
      const withoutBuffer = engine.runKernel(SsdScan, { ...inputs, chunkStates: empty }, attrs) as tf.Tensor[];
      const withBuffer = engine.runKernel(SsdScan, { ...inputs, chunkStates: buffer }, attrs) as tf.Tensor[];
      expect(withBuffer).toHaveLength(2);
      expect(tf.any(tf.isNaN(buffer)).dataSync()[0], 'every chunk state written').toBe(0);
      expect(tf.max(tf.abs(tf.sub(withBuffer[0] as tf.Tensor, withoutBuffer[0] as tf.Tensor))).dataSync()[0]).toBe(0);
      const backward = (chunkStates: tf.Tensor) => engine.runKernel(SsdScanGrad, { ...inputs, chunkStates, dy: cot.y, dstate: cot.state }, attrs) as tf.Tensor[];
      const recomputed = backward(empty);
      const fromForward = backward(buffer);
      recomputed.forEach((grad, i) => {
        const scale = tf.max(tf.abs(grad)).dataSync()[0] as number;
        const diff = tf.max(tf.abs(tf.sub(grad, fromForward[i] as tf.Tensor))).dataSync()[0] as number;
        expect(diff, `gradient ${i}`).toBeLessThanOrEqual(1e-5 * Math.max(scale, 1));
      });
      expect(() => engine.runKernel(SsdScan, { ...inputs, chunkStates: tf.zeros([b, 1, h, p, 8]) }, attrs)).toThrow(/input 'chunkStates' must be empty or of shape \[2,35,2,4,8\]; got \[2,1,2,4,8\]/);
      tf.dispose([inputs, cot, buffer, empty, withoutBuffer, withBuffer, recomputed, fromForward] as never);
    });

    it('a taped call fills a chunk-state buffer, and its cotangent is not a zero-filled output', () => {
      const rng = new Rng(seed + 9);
      const inputs = randomSsdInputs(rng, { b: 1, l: 64, h: 2, p: 4, n: 8, g: 1 });
      const names = Object.keys(inputs);
      const kernelOutputs: number[] = [];
      const engine = tf.engine() as unknown as { state: { activeTape: { kernelName: string; outputs: unknown[] }[] | null } };
      tf.tidy(() => {
        tf.grads((...xs: tf.Tensor[]) => {
          const y = ssdScan(Object.fromEntries(names.map((name, i) => [name, xs[i]])) as never, { impl: 'kernel' }).y;
          for (const node of engine.state.activeTape ?? []) if (node.kernelName === SsdScan) kernelOutputs.push(node.outputs.length);
          return tf.sum(y);
        })(names.map((name) => inputs[name] as tf.Tensor));
      });
      expect(kernelOutputs).toEqual([2]);
      tf.dispose(inputs as never);
    });

    it(backend === 'wasm' ? "runs on tfjs-backend-wasm's heap (n a multiple of 4)" : 'copies through the scan module (no heap to run on)', () => {
      expect(ssdOnHeap(tf.backend()) !== undefined).toBe(backend === 'wasm');
    });

    it('leaves no tensor behind after forward+backward in tf.tidy, and auto picks it', () => {
      const rng = new Rng(3);
      const inputs = randomSsdInputs(rng, { b: 1, l: 9, h: 4, p: 2, n: 3, g: 2 });
      const cot = randomCotangents(rng, [1, 9, 4, 2], [1, 4, 2, 3]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        scanWithGrads((i) => ssdScan(i as never, { impl: 'auto' }), inputs, cot, Object.keys(inputs));
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(resolveScanImpl('ssdScan', 'auto', SsdScan)).toBe('kernel');
      expect(availableScanImpls('ssdScan')).toContain('kernel');
      tf.dispose([inputs, cot] as never);
    });
  });
}

/** The ids of a WebAssembly binary's sections. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++] as number);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++] as number;
      size |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    at += size;
  }
  return ids;
}

describe('build/ssd-kernels.wasm', () => {
  it("writes nothing of its own into the heap it imports: no data, no globals (a stack pointer), memory imported", () => {
    const bytes = readFileSync(fileURLToPath(new URL('../../../build/ssd-kernels.wasm', import.meta.url)));
    const ids = sectionIds(bytes);
    expect(ids).not.toContain(11); // data
    expect(ids).not.toContain(6); // globals
    expect(ids).not.toContain(5); // a memory of its own
    expect(ids).toContain(2); // imports: the memory
  });
});
