import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, profileByOp, profileMarkdown, wasmHeapBytes } from '@hybridssm/core';
import type { BackendInfo, ProfileReport } from '@hybridssm/core';
import { collectProvenance } from '@hybridssm/harness';
import type { Provenance } from '@hybridssm/harness';
import { syntheticShapes } from '../data/synthetic-shapes.js';
import { buildPointModel } from '../models/classifier.js';
import type { PointModelConfigs, PointModelName } from '../models/classifier.js';
import { trainingClouds } from '../train/cloud-batches.js';
import { prepareBatch } from '../train/point-inputs.js';

export interface UpdateProfileOptions {
  model: PointModelName;
  config: Partial<PointModelConfigs[PointModelName]>;
  batch: number;
  /** timed updates after one warm-up (default 3) */
  updates?: number;
}

export interface UpdateProfile {
  model: PointModelName;
  config: object;
  batch: number;
  npoints: number;
  parameters: number;
  /** median wall time of an update (grouping, forward, backward, AdamW), unprofiled */
  updateMs: number;
  /** of which the grouping (FPS + kNN + gather on the CPU) */
  groupingMs: number;
  profile: ProfileReport;
  wasmHeapBytes: number | null;
  provenance: Provenance;
}

/**
 * Times one training update of a point-cloud model (random batch of generated shapes, the table's
 * pipeline: normalise, scale/translate, FPS + kNN, forward, loss, backward, AdamW) and profiles one
 * more by tfjs kernel.
 */
export async function profileTrainingUpdate(options: UpdateProfileOptions, backend: BackendInfo): Promise<UpdateProfile> {
  const { batch, updates = 3 } = options;
  const model = buildPointModel(options.model, options.config, 10, new Rng(0));
  const npoints = model.config.npoints;
  const clouds = syntheticShapes({ perClass: Math.ceil(batch / 8), points: npoints, seed: 0, noise: 0.01 }).clouds.slice(0, batch);
  const indices = clouds.map((_, i) => i);
  const labels = tf.tensor1d(Int32Array.from(clouds, (c) => c.label), 'int32');
  const params = model.parameters();
  const names = new Map([...params].map(([name, v]) => [v.name, name]));
  const optimizer = new AdamW(params, { learningRate: 1e-3, weightDecay: 0.05 });
  let groupingMs = 0;
  const update = (step: number) => {
    model.setTraining(true, step);
    tf.tidy(() => {
      const started = performance.now();
      const { batch: inputs } = prepareBatch(model, trainingClouds(clouds, indices, npoints, step));
      groupingMs = performance.now() - started;
      const { grads } = tf.variableGrads(() => model.loss(inputs, labels), [...params.values()]);
      optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([n, g]) => [names.get(n) as string, g])));
    });
    model.setTraining(false);
  };
  try {
    update(0);
    const times: number[] = [];
    const grouping: number[] = [];
    for (let i = 1; i <= updates; i++) {
      const started = performance.now();
      update(i);
      times.push(performance.now() - started);
      grouping.push(groupingMs);
    }
    const profile = await profileByOp(() => update(updates + 1));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    return {
      model: options.model,
      config: model.config,
      batch,
      npoints,
      parameters: model.numParameters(),
      updateMs: median(times),
      groupingMs: median(grouping),
      profile,
      wasmHeapBytes: wasmHeapBytes(),
      provenance: collectProvenance(backend),
    };
  } finally {
    labels.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/** Writes `<out>/profile-update.{json,md}`; returns their paths. */
export function writeUpdateProfile(result: UpdateProfile, out: string): string[] {
  mkdirSync(out, { recursive: true });
  const json = join(out, 'profile-update.json');
  writeFileSync(json, `${JSON.stringify({ writtenAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  const { profile, provenance: p } = result;
  const scan = profile.ops.filter((op) => op.name.startsWith('HybridSsmSelectiveScan'));
  const lines = [
    `# One training update of ${result.model}, batch ${result.batch} × ${result.npoints} points`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${p.machine.cpu} (${p.machine.cores} cores), Node ${p.machine.node}, backend ${p.backend.name}` +
      ` (${p.backend.message}); commit ${p.git?.commit.slice(0, 7) ?? 'unknown'}${p.git?.dirty === true ? ' (dirty)' : ''}.`,
    '',
    `Model: ${result.parameters.toLocaleString('en-US')} parameters, config \`${JSON.stringify(result.config)}\`.`,
    '',
    `- update (median of the timed updates, unprofiled): **${result.updateMs.toFixed(0)} ms**, of which grouping (FPS + kNN + gather, typed arrays) ${result.groupingMs.toFixed(1)} ms`,
    `- the inter-group Mamba: ${scan.length === 0 ? 'no fused scan kernel ran' : scan.map((op) => `${op.name} ${op.calls}× ${op.ms === null ? '' : `${op.ms.toFixed(1)} ms`}`).join(', ')}` +
      ' (core\'s fused selective-scan kernel and its gradient: no per-step states are materialised)',
    ...profileMarkdown(profile, 'update', result.wasmHeapBytes),
    '',
    "Method: `tf.profile` of one update after timed ones, kernel self time summed by kernel name (on wasm each kernel is timed by the wall clock; the rest of the wall time is JavaScript around the kernels and the profiler's own cost).",
  ];
  const md = join(out, 'profile-update.md');
  writeFileSync(md, `${lines.join('\n')}\n`);
  return [json, md];
}
