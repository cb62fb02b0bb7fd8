#!/usr/bin/env node
// Times CausalConv1d.apply, forward and forward+backward (gradients of x, weight and bias), with the fused
// kernels and with them unregistered (the tf-op composition the layer runs on webgpu and tensorflow),
// alternating the two; prints the minimum over the runs of each. Imports the built package (pnpm build).
//
//   node scripts/bench-causal-conv1d.mjs [--backend wasm] [--shape 8,512,1152] [--k 4] [--runs 5]
import * as tf from '@tensorflow/tfjs';
import { CausalConv1d, Rng, initBackend, kernelNames } from '../dist/index.js';

const options = { backend: 'wasm', shape: '8,512,1152', k: '4', runs: '5' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, '')] = argv[i + 1];
const [b, l, c] = options.shape.split(',').map(Number);
const runs = Number(options.runs);

console.log((await initBackend(options.backend)).message);
const rng = new Rng(1);
const layer = new CausalConv1d({ channels: c, kernelSize: Number(options.k) }, rng);
const x = tf.tidy(() => tf.variable(rng.normalTensor([b, l, c])));
const variables = [x, ...layer.parameters().values()];
const liveBefore = tf.memory().numTensors;

const forward = () => {
  const y = layer.apply(x);
  y.dataSync();
  y.dispose();
};
const forwardBackward = () => {
  const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x)), variables);
  for (const g of Object.values(grads)) g.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
};
const ms = (fn) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

const kernels = [kernelNames.CausalConv1d, kernelNames.CausalConv1dGrad].map((name) => tf.getKernel(name, tf.getBackend()));
if (kernels.includes(undefined)) throw new Error(`no causal conv kernels on ${tf.getBackend()}`);
const useKernels = (on) => {
  for (const config of kernels) {
    if (on) tf.registerKernel(config);
    else tf.unregisterKernel(config.kernelName, config.backendName);
  }
};

const best = { kernel: { forward: Infinity, forwardBackward: Infinity }, composition: { forward: Infinity, forwardBackward: Infinity } };
for (let run = -1; run < runs; run++) { // run −1 warms up
  for (const path of ['composition', 'kernel']) {
    useKernels(path === 'kernel');
    const f = ms(forward);
    const fb = ms(forwardBackward);
    if (run >= 0) best[path] = { forward: Math.min(best[path].forward, f), forwardBackward: Math.min(best[path].forwardBackward, fb) };
  }
}
const round = (v) => Math.round(v * 10) / 10;
for (const [path, t] of Object.entries(best)) {
  console.log(JSON.stringify({ path, shape: [b, l, c], k: Number(options.k), forwardMs: round(t.forward), forwardBackwardMs: round(t.forwardBackward) }));
}
if (tf.memory().numTensors !== liveBefore) console.warn(`leaked ${tf.memory().numTensors - liveBefore} tensors`);
