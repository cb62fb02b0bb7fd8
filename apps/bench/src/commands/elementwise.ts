import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import { ELEMENTWISE_CASES, measureElementwise } from '../throughput/elementwise-speedup.js';
import type { ElementwiseRow } from '../throughput/elementwise-speedup.js';

/** `elementwise`: tfjs-backend-wasm's Exp, Tanh, Erf and Reverse against ours, interleaved; writes <out>/elementwise.{json,md}. */
export async function runElementwise(args: { out: string; rounds: number }): Promise<void> {
  const info = await initBackend('wasm');
  console.log(info.message);
  const load = loadavg()[0] ?? 0;
  const rows = ELEMENTWISE_CASES.map((c) => measureElementwise(c, args.rounds));
  const machine = { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, load, node: process.version, date: new Date().toISOString() };
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'elementwise.json'), `${JSON.stringify({ machine, rounds: args.rounds, rows }, null, 2)}\n`);
  const md = formatElementwise(rows, machine, args.rounds);
  writeFileSync(join(args.out, 'elementwise.md'), md);
  console.log(md);
}

function formatElementwise(rows: ElementwiseRow[], m: { cpu: string; cores: number; load: number; node: string; date: string }, rounds: number): string {
  const ns = (ms: number, r: ElementwiseRow) => ((ms * 1e6) / r.shape.reduce((a, b) => a * b, 1)).toFixed(1);
  return [
    '# Elementwise kernels on wasm: tfjs-backend-wasm against ours',
    '',
    `Measured ${m.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores (load average ${m.load.toFixed(1)} at the start), Node ${m.node}, by \`hybridssm-bench elementwise\`. ` +
      `Each row: one untimed call of each, then ${rounds} calls of each alternating; medians. Input: normal values, float32. ` +
      'Ours: Exp/Tanh/Erf in WebAssembly SIMD on the backend\'s heap (assembly/unary-math.ts), Reverse as copies of contiguous runs on the heap (docs/wasm-elementwise.md).',
    '',
    '| kernel | shape | where | tfjs (ms) | ours (ms) | tfjs (ns/value) | ours (ns/value) | speed-up |',
    '|---|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.kernel} | [${r.shape.join(', ')}] | ${r.use} | ${r.tfjsMs.toFixed(2)} | ${r.oursMs.toFixed(2)} | ${ns(r.tfjsMs, r)} | ${ns(r.oursMs, r)} | ${r.speedup.toFixed(1)}× |`),
    '',
  ].join('\n');
}
