#!/usr/bin/env node
// Heap probe for issue 15: builds the byte LM of the issue (Embedding(256,256) → HybridStack d 256, 8 blocks,
// Mamba-2 n 64 / p 64 / expand 2, 4 heads, GELU MLP ×4 → norm_f → tied head, AdamW) and runs full updates
// at one (pattern, batch, length), printing one JSON line: the wasm heap (HEAPU8.length, a high-water mark:
// emscripten's heap never shrinks, so run one configuration per process), tfjs's peak tensor bytes (tf.profile;
// it counts a buffer once per tensor sharing it, so it overstates), the bytes the gradient tape keeps at the
// end of the forward (distinct buffers, by saving kernel), and wall and CPU seconds per update. It imports the
// built package (pnpm --filter @hybridssm/core build), or the dist/index.js named by HEAP_PROBE_DIST.
//
//   node scripts/heap-probe.mjs --pattern MMMMMMMM --batch 2 --len 512 [--checkpoint] [--backend wasm] [--updates 2] [--top 12] [--profile 0]
//   node scripts/heap-probe.mjs --sweep [--checkpoint] ...   one child process per pattern × batch (1 2 4 8)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
const core = await import(process.env.HEAP_PROBE_DIST ?? '../dist/index.js');
const { AdamW, Embedding, HybridStack, Rng, initBackend } = core;

function args() {
  const out = { pattern: 'MMMMMMMM', batch: 1, len: 512, checkpoint: false, backend: 'wasm', updates: 2, top: 12, sweep: false, batches: '1,2,4,8', patterns: 'MMMMMMMM,M-M*M-M-,*-*-*-*-' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'checkpoint' || key === 'sweep') out[key] = true;
    else out[key] = argv[++i];
  }
  for (const k of ['batch', 'len', 'updates', 'top']) out[k] = Number(out[k]);
  return out;
}

const MB = (bytes) => Math.round(bytes / 2 ** 20);

function sweep(o) {
  const script = fileURLToPath(import.meta.url);
  for (const pattern of o.patterns.split(',')) {
    for (const batch of o.batches.split(',')) {
      const child = spawnSync(
        process.execPath,
        [script, '--pattern', pattern, '--batch', batch, '--len', String(o.len), '--backend', o.backend, '--updates', String(o.updates), '--top', '0', ...(o.profile === undefined ? [] : ['--profile', o.profile]), ...(o.checkpoint ? ['--checkpoint'] : [])],
        { encoding: 'utf8' },
      );
      const line = child.stdout.trim().split('\n').at(-1) ?? '';
      if (child.status === 0 && line.startsWith('{')) console.log(line);
      else console.log(JSON.stringify({ pattern, batch: Number(batch), len: o.len, checkpoint: o.checkpoint, failed: (child.stderr.match(/Aborted\(\)|\w*Error: [^\n]*/) ?? [child.stderr.trim().split('\n').at(-1)])[0], status: child.status, signal: child.signal }));
    }
  }
}

/** The tensors the tape holds (saved for the backward) at the end of the forward, by kernel. */
function tapeSaved() {
  const tape = tf.engine().state.activeTape ?? [];
  const seen = new Set();
  const byKernel = new Map();
  let total = 0;
  for (const node of tape) {
    for (const t of node.saved ?? []) {
      if (t.isDisposed || seen.has(t.dataId)) continue;
      seen.add(t.dataId);
      const bytes = t.size * 4;
      total += bytes;
      const key = `${node.kernelName} [${t.shape.join(',')}]`;
      const entry = byKernel.get(key) ?? { key, count: 0, bytes: 0 };
      entry.count++;
      entry.bytes += bytes;
      byKernel.set(key, entry);
    }
  }
  return { total, top: [...byKernel.values()].sort((a, b) => b.bytes - a.bytes) };
}

async function main() {
  const o = args();
  if (o.sweep) return sweep(o);
  const info = await initBackend(o.backend);
  if (info.backend !== o.backend) throw new Error(info.message);
  const heap = () => (o.backend === 'wasm' ? tf.backend().wasm.HEAPU8.length : process.memoryUsage().rss);
  const rng = new Rng(0);
  const d = 256;
  const vocab = 256;
  const embedding = new Embedding({ vocabSize: vocab, dim: d }, rng);
  const config = {
    dModel: d, pattern: o.pattern,
    layers: { mamba2: { dState: 64, headdim: 64, expand: 2 }, attention: { numHeads: 4 }, mlp: { activation: 'gelu' } },
    ...(o.checkpoint ? { checkpoint: true } : {}),
  };
  const stack = new HybridStack(config, rng);
  const params = new Map([...embedding.parameters('embedding.'), ...stack.parameters('backbone.')]);
  const optimizer = new AdamW(params, { learningRate: 1e-3, weightDecay: 0.1 });
  const data = new Rng(1);
  const ids = tf.tensor2d(Int32Array.from({ length: o.batch * (o.len + 1) }, () => Math.floor(data.uniform() * vocab)), [o.batch, o.len + 1], 'int32');
  const inputs = tf.slice(ids, [0, 0], [o.batch, o.len]);
  const targets = tf.oneHot(tf.reshape(tf.slice(ids, [0, 1], [o.batch, o.len]), [-1]), vocab);
  const heapStart = heap();
  let saved;
  const loss = () => {
    const h = stack.apply(embedding.apply(inputs));
    const logits = tf.matMul(tf.reshape(h, [-1, d]), embedding.weight, false, true);
    const value = tf.losses.softmaxCrossEntropy(targets, logits);
    if (saved === undefined) saved = tapeSaved();
    return value;
  };
  const variables = [...params.values()];
  const names = new Map([...params].map(([name, v]) => [v.name, name]));
  const times = [];
  const cpuTimes = []; // CPU seconds: less disturbed than wall time on a shared machine (the wasm backend runs one thread)
  let peakBytes = 0;
  let lossValue = NaN;
  let kernels = [];
  for (let u = 0; u < o.updates; u++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const step = () => {
      stack.setTraining(true, u);
      const { value, grads } = tf.variableGrads(loss, variables);
      stack.setTraining(false);
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [names.get(k), g])));
      lossValue = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
    };
    // --profile 0: no tf.profile (whose bookkeeping turns a kernel's abort into a TypeError)
    const profile = o.profile === '0' ? (step(), { peakBytes: 0, kernels: [] }) : await tf.profile(step);
    times.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1e6);
    peakBytes = Math.max(peakBytes, profile.peakBytes);
    if (u === 0) kernels = profile.kernels;
  }
  // The largest single kernel outputs of the first update (the biggest intermediates).
  const largest = new Map();
  for (const k of kernels) {
    for (const shape of k.outputShapes) {
      const key = `${k.name} [${shape.join(',')}]`;
      const bytes = shape.reduce((a, b) => a * b, 1) * 4;
      const e = largest.get(key) ?? { key, count: 0, bytes };
      e.count++;
      largest.set(key, e);
    }
  }
  const result = {
    pattern: o.pattern, batch: o.batch, len: o.len, checkpoint: o.checkpoint, backend: o.backend,
    loss: Number(lossValue.toFixed(4)), secondsPerUpdate: times.map((t) => Number(t.toFixed(2))), cpuSecondsPerUpdate: cpuTimes.map((t) => Number(t.toFixed(2))),
    heapMiB: MB(heap()), heapBeforeMiB: MB(heapStart), peakTensorMiB: MB(peakBytes), tapeSavedMiB: MB(saved?.total ?? 0),
    numTensorsAfter: tf.memory().numTensors,
  };
  if (o.top > 0) {
    console.log('tape keeps at the end of the forward (by kernel and shape):');
    for (const e of saved.top.slice(0, o.top)) console.log(`  ${String(MB(e.bytes)).padStart(6)} MiB  ${e.count}×  ${e.key}`);
    console.log('largest kernel outputs of one update:');
    for (const e of [...largest.values()].sort((a, b) => b.bytes - a.bytes).slice(0, o.top)) {
      console.log(`  ${String(MB(e.bytes)).padStart(6)} MiB each, ${e.count}×  ${e.key}`);
    }
  }
  console.log(JSON.stringify(result));
}

await main();
