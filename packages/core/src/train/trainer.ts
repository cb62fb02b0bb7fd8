import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { throwIfWebGpuFailed } from '../backend/webgpu-device.js';
import type { Module } from '../layers/module.js';
import type { AdamW } from './adamw.js';
import { accumulatedGradients } from './accumulated-gradients.js';
import { clipByGlobalNorm } from './clip-grad-norm.js';
import { createProgress } from './progress.js';
import { loadTrainingCheckpoint, saveTrainingCheckpoint } from './training-checkpoint.js';
import type { RunProgress } from './training-checkpoint.js';

export interface TrainOptions {
  model: Module;
  optimizer: AdamW;
  /**
   * Loss of micro-batch `micro` of update `step` (0-based). It must depend only on (step, micro) —
   * e.g. draw the batch from `new Rng(seed + step)` — so that a resumed run sees the same data.
   */
  loss: (step: number, micro: number) => tf.Scalar;
  /** total updates of the run */
  steps: number;
  /** micro-batches per update (gradient accumulation), default 1 */
  accumulate?: number;
  /** clip gradients to this global L2 norm */
  clipNorm?: number;
  /** learning rate for update `step`; default: the optimizer's own, unchanged */
  schedule?: (step: number) => number;
  evaluate?: () => Promise<Record<string, number>>;
  /** evaluate after every this many updates (and after the last one) */
  evalEvery?: number;
  /** called after every update, e.g. to drive a progress display of the caller's own */
  onStep?: (step: number, total: number, loss: number) => void;
  /** checked after each evaluation; true ends the run early (early stopping); also on resume, where true keeps a stopped run stopped */
  stopWhen?: (run: RunProgress) => boolean;
  /** checkpoint every `every` updates and at the end; with `resume`, continue from it if it exists */
  checkpoint?: { path: string; every: number };
  /** default true */
  resume?: boolean;
  /** JSON lines: one per update {step, loss, lr, gradNorm?} and one per evaluation {step, eval} */
  logPath?: string;
  /**
   * Non-trainable state to checkpoint with the weights (e.g. BatchNorm running statistics), by name;
   * restored on resume, never given gradients.
   */
  buffers?: ReadonlyMap<string, tf.Variable>;
  /** saved in the checkpoint header */
  config?: object;
  label?: string;
  quiet?: boolean;
}

export interface TrainResult extends RunProgress {
  /** the update a resumed run started from, if it resumed */
  resumedFrom?: number;
}

/** Keeps the log lines of updates before `step`, so that a resumed run's log has no duplicates. */
function truncateLog(path: string, step: number): void {
  if (!existsSync(path)) return;
  const kept = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && (JSON.parse(line) as { step: number }).step < step);
  writeFileSync(path, kept.map((line) => `${line}\n`).join(''));
}

/**
 * The training loop every app uses: gradient accumulation, global-norm clipping, a learning-rate
 * schedule, AdamW, periodic evaluation, a progress bar, a JSON-lines log, atomic checkpoints, and
 * exact resume (same seed and data function → the same loss curve as an uninterrupted run).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const params = options.model.parameters();
  const state = new Map([...params, ...(options.buffers ?? [])]);
  const { checkpoint, logPath } = options;
  let run: RunProgress = { step: 0, losses: [], evals: [] };
  let resumedFrom: number | undefined;
  if (checkpoint !== undefined && (options.resume ?? true) && existsSync(checkpoint.path)) {
    run = await loadTrainingCheckpoint(checkpoint.path, state, options.optimizer);
    resumedFrom = run.step;
  }
  if (logPath !== undefined) {
    mkdirSync(dirname(logPath), { recursive: true });
    if (resumedFrom === undefined) writeFileSync(logPath, '');
    else truncateLog(logPath, resumedFrom);
  }
  const log = (record: object) => logPath !== undefined && appendFileSync(logPath, `${JSON.stringify(record)}\n`);
  const save = () => checkpoint !== undefined && saveTrainingCheckpoint(checkpoint.path, state, options.optimizer, run, options.config ?? {});

  // a run that had stopped early (its checkpoint was saved at the stop) stays stopped
  const stoppedBefore = resumedFrom !== undefined && run.evals.at(-1)?.step === run.step && options.stopWhen?.(run) === true;
  const progress = createProgress(options.label ?? 'train', options.steps, { quiet: options.quiet });
  progress.update(run.step, { loss: run.losses.at(-1) }); // no loss before the first step: shown as —
  while (run.step < options.steps && !stoppedBefore) {
    const step = run.step;
    if (options.schedule !== undefined) options.optimizer.setLearningRate(options.schedule(step));
    options.model.setTraining(true, step);
    const { loss, grads } = accumulatedGradients(params, options.accumulate ?? 1, (micro) => options.loss(step, micro));
    options.model.setTraining(false);
    let applied = grads;
    let gradNorm: number | undefined;
    if (options.clipNorm !== undefined) {
      const clipped = await clipByGlobalNorm(grads, options.clipNorm);
      tf.dispose(Object.values(grads));
      applied = clipped.grads;
      gradNorm = clipped.norm;
    }
    options.optimizer.applyGradients(applied);
    tf.dispose(Object.values(applied));
    const lossValue = (await loss.data())[0] as number;
    loss.dispose();
    throwIfWebGpuFailed(`train: update ${step}`);

    run.step = step + 1;
    run.losses.push(lossValue);
    log({ step, loss: lossValue, lr: options.optimizer.learningRate, ...(gradNorm === undefined ? {} : { gradNorm }) });
    progress.update(run.step, { loss: lossValue });
    options.onStep?.(run.step, options.steps, lossValue);
    const evalDue = options.evalEvery !== undefined && (run.step % options.evalEvery === 0 || run.step === options.steps);
    if (options.evaluate !== undefined && evalDue) {
      const metrics = await options.evaluate();
      throwIfWebGpuFailed(`train: evaluation after ${run.step} updates`);
      run.evals.push({ step: run.step, metrics });
      log({ step, eval: metrics });
    }
    const stop = evalDue && options.stopWhen?.(run) === true;
    if (checkpoint !== undefined && (stop || run.step % checkpoint.every === 0 || run.step === options.steps)) await save();
    if (stop) break;
  }
  progress.stop();
  return resumedFrom === undefined ? run : { ...run, resumedFrom };
}
