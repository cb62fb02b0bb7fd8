import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, accumulatedGradients, profileByOp, profileMarkdown, throwIfWebGpuFailed, wasmHeapBytes } from '@hybridssm/core';
import type { BackendInfo, ProfileReport } from '@hybridssm/core';
import { collectProvenance } from '@hybridssm/harness';
import type { Provenance } from '@hybridssm/harness';
import { loadForecastData } from '../data/forecast-dataset.js';
import { buildForecaster } from '../models/model-registry.js';
import type { ModelName } from '../models/model-registry.js';
import { settingsFor } from '../tables/forecast-scale.js';
import type { ForecastScaleConfig } from '../tables/forecast-scale.js';
import { forecastDataSpec } from '../tables/run-forecast-cell.js';
import { epochShuffles, trainingBatch } from '../train/epoch-windows.js';
import { trainingLoss } from '../train/fit.js';

export interface ForecastUpdateProfileOptions {
  model: ModelName;
  /** the scale's config and its name, for the report */
  config: ForecastScaleConfig;
  scale: string;
  /** a benchmark set's name (found in `dataDir`) or 'synthetic' */
  dataset: string;
  dataDir: string;
  horizon: number;
  /** windows per forward/backward pass (default: the scale's micro-batch, else the whole batch) */
  microBatchSize?: number;
  /** timed updates after one warm-up (default 3) */
  updates?: number;
}

export interface ForecastUpdateProfile {
  model: ModelName;
  scale: string;
  dataset: string;
  horizon: number;
  parameters: number;
  batchSize: number;
  microBatchSize: number;
  /** median wall time of an update (every pass, AdamW, the loss read back), unprofiled */
  updateMs: number;
  profile: ProfileReport;
  wasmHeapBytes: number | null;
  provenance: Provenance;
}

/**
 * Times training updates of a forecaster at a table scale's settings (the fit's batch as passes of its
 * micro-batch, gradients averaged, AdamW: the update `fitForecaster` makes) and profiles one more by
 * tfjs kernel: where a `paper` cell's time goes, on any backend.
 */
export async function profileForecastUpdate(options: ForecastUpdateProfileOptions, backend: BackendInfo): Promise<ForecastUpdateProfile> {
  const { config, horizon, updates = 3 } = options;
  const settings = settingsFor(config, options.dataset);
  const { batchSize, learningRate } = settings.fit;
  const microBatchSize = options.microBatchSize ?? settings.fit.microBatchSize ?? batchSize;
  if (!(Number.isInteger(microBatchSize) && microBatchSize >= 1 && batchSize % microBatchSize === 0)) {
    throw new Error(`microBatchSize must be a positive integer dividing the batch size ${batchSize}; got ${microBatchSize}`);
  }
  const spec = forecastDataSpec(options.dataset, options.dataDir, mkdtempSync(join(tmpdir(), 'forecast-profile-')), settings.calendar);
  const data = loadForecastData(spec, settings.seqLen, horizon);
  const dims = { seqLen: settings.seqLen, labelLen: settings.labelLen, predLen: horizon, channels: data.train.channels, markChannels: data.train.markChannels, targetChannels: data.train.targetChannels };
  const model = buildForecaster(options.model, config.model, dims, new Rng(0));
  const params = model.parameters();
  const optimizer = new AdamW(params, { learningRate, weightDecay: 0, groups: [] });
  const order = epochShuffles(0, 0, data.train.windowCount, data.val.windowCount).train;
  // one update, synchronously (so that tf.profile sees all of it), as fitForecaster makes it; returns its loss
  const update = (step: number): tf.Scalar => {
    model.setTraining(true, step);
    const windows = trainingBatch(order, step, batchSize);
    const { loss, grads } = accumulatedGradients(params, batchSize / microBatchSize, (pass) =>
      trainingLoss(model, data.train, windows.slice(pass * microBatchSize, (pass + 1) * microBatchSize)),
    );
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
    model.setTraining(false);
    return loss;
  };
  const timedUpdate = async (step: number) => {
    const loss = update(step);
    await loss.data();
    loss.dispose();
    throwIfWebGpuFailed(`profile ${options.model}: update ${step}`);
  };
  try {
    await timedUpdate(0);
    const times: number[] = [];
    for (let step = 1; step <= updates; step++) {
      const started = performance.now();
      await timedUpdate(step);
      times.push(performance.now() - started);
    }
    let last: tf.Scalar | undefined;
    const profile = await profileByOp(() => {
      last = update(updates + 1);
    });
    await last?.data();
    last?.dispose();
    throwIfWebGpuFailed(`profile ${options.model}: the profiled update`);
    return {
      model: options.model,
      scale: options.scale,
      dataset: options.dataset,
      horizon,
      parameters: [...params.values()].reduce((sum, v) => sum + v.size, 0),
      batchSize,
      microBatchSize,
      updateMs: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number,
      profile,
      wasmHeapBytes: wasmHeapBytes(),
      provenance: collectProvenance(backend),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Writes `<out>/profile-update.<model>.<scale>.{json,md}`; returns their paths. */
export function writeForecastUpdateProfile(result: ForecastUpdateProfile, out: string): string[] {
  mkdirSync(out, { recursive: true });
  const stem = join(out, `profile-update.${result.model}.${result.scale}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify({ writtenAt: new Date().toISOString(), ...result }, null, 2)}\n`);
  const { profile, provenance: p } = result;
  const lines = [
    `# One training update of ${result.model} at \`${result.scale}\`, ${result.dataset}-${result.horizon}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${p.machine.cpu} (${p.machine.cores} cores), Node ${p.machine.node}, backend ${p.backend.name}` +
      ` (${p.backend.message}); commit ${p.git?.commit.slice(0, 7) ?? 'unknown'}${p.git?.dirty === true ? ' (dirty)' : ''}.`,
    '',
    `Model: ${result.parameters.toLocaleString('en-US')} parameters; an update is ${result.batchSize} windows as ${result.batchSize / result.microBatchSize} pass(es) of ${result.microBatchSize}, then AdamW.`,
    '',
    `- update (median of the timed updates, unprofiled, loss read back): **${result.updateMs.toFixed(0)} ms**`,
    ...profileMarkdown(profile, 'update', result.wasmHeapBytes),
    '',
    "Method: `tf.profile` of one update after the timed ones, kernel self time summed by kernel name (wasm and cpu time each kernel by the wall clock; webgpu by the GPU's timestamps where the adapter has them). The wall time beyond the kernels is JavaScript around them and the profiler's own cost.",
  ];
  writeFileSync(`${stem}.md`, `${lines.join('\n')}\n`);
  return [`${stem}.json`, `${stem}.md`];
}
