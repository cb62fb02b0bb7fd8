import * as tf from '@tensorflow/tfjs';
import { initBackend, Rng, selectiveScan } from '@hybridssm/core';
await initBackend('wasm');
const s = { b: 2, l: 2048, d: 16, n: 8 };
const rng = new Rng(12345);
const inputs = { u: rng.normalTensor([s.b, s.l, s.d]), delta: rng.normalTensor([s.b, s.l, s.d], 0.5, -2), A: rng.uniformTensor([s.d, s.n], -2, -0.5), B: rng.normalTensor([s.b, s.l, s.n]), C: rng.normalTensor([s.b, s.l, s.n]), D: rng.normalTensor([s.d]) };
const names = Object.keys(inputs);
async function call(impl) {
  const done = tf.tidy(() => {
    const loss = (...xs) => { const r = Object.fromEntries(names.map((n, i) => [n, xs[i]])); const { y, state } = selectiveScan(r, { impl }); return tf.add(tf.sum(y), tf.sum(state)); };
    return tf.addN(tf.grads(loss)(names.map((n) => inputs[n])).map((g) => tf.sum(g)));
  });
  await done.data(); done.dispose();
}
for (const impl of ['chunked', 'kernel', 'chunked', 'kernel']) {
  const ts = [];
  for (let i = 0; i < 8; i++) { const t = performance.now(); await call(impl); ts.push((performance.now() - t).toFixed(2)); }
  console.log(impl, ts.join(' '));
}
