import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGeometryBench } from './geometry-bench.js';
import type { GeometryBenchResult } from './geometry-bench.js';

const TINY = {
  fps: { points: 200, samples: 16, batches: [1, 2] },
  knn: [
    { points: 128, centres: 16, neighbours: 8, batches: [2] },
    { points: 256, centres: 8, neighbours: 4, batches: [1] },
  ],
  large: { points: 2000, fpsSamples: 32, knnCentres: 32, neighbours: 8 },
};

describe('runGeometryBench', () => {
  let result: GeometryBenchResult;
  let out: string;

  beforeAll(async () => {
    // cpu: its float32 matrix products round like ours closely enough that no near-tie flips at these
    // shapes (on wasm, FPS of the second tiny cloud picks differently at a near-tie).
    await initBackend('cpu');
    out = mkdtempSync(join(tmpdir(), 'geometry-bench-'));
    const before = tf.memory().numTensors;
    result = runGeometryBench({ shapes: TINY, repetitions: 1, out });
    expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
    return () => rmSync(out, { recursive: true, force: true });
  });

  it('measures every shape, ours against tfjs where tfjs can run, and both find the same indices', () => {
    expect(result.rows.map((r) => [r.operation, r.shape])).toEqual([
      ['farthest point sampling', '16 of 200 points, batch 1'],
      ['farthest point sampling', '16 of 200 points, batch 2'],
      ['k nearest neighbours', '16 centres × 8 of 128 points, batch 2'],
      ['k nearest neighbours', '8 centres × 4 of 256 points, batch 1'],
      ['farthest point sampling', '32 of 2,000 points, batch 1'],
      ['k nearest neighbours', '32 centres × 8 of 2,000 points, batch 1'],
    ]);
    for (const row of result.rows.slice(0, 4)) {
      expect(row, row.shape).toMatchObject({ sameIndices: true, note: null });
      expect(row.oursMs).toBeGreaterThan(0);
      expect(row.speedup).toBeCloseTo((row.tfjsMs as number) / row.oursMs, 9);
    }
    for (const row of result.rows.slice(4)) {
      expect(row, row.shape).toMatchObject({ tfjsMs: null, speedup: null, sameIndices: null });
      expect(row.note).toMatch(/^tfjs not run: .*2,000 × 2,000 distance matrix/);
    }
    expect(result.machine).toMatchObject({ backend: 'cpu', node: process.version });
  });

  it('writes the rows as JSON and as a Markdown table with the machine and the method', () => {
    expect(JSON.parse(readFileSync(join(out, 'bench-geometry.json'), 'utf8'))).toEqual(result);
    const md = readFileSync(join(out, 'bench-geometry.md'), 'utf8');
    expect(md).toContain(`${result.machine.cores} cores (load average ${result.machine.load.toFixed(1)} at the start), Node ${process.version}, TensorFlow.js backend cpu`);
    expect(md.split('\n').filter((line) => line.startsWith('| k nearest neighbours'))).toHaveLength(3);
    expect(md).toMatch(/\| farthest point sampling \| 16 of 200 points, batch 1 \| [\d.]+ \| [\d.]+ \| [\d.]+× \| yes \|/);
    expect(md).toContain('Method: Each row: one warm-up call of each side');
  });
});
