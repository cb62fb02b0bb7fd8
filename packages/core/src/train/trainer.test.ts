import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw.js';
import { warmupCosine } from './lr-schedule.js';
import { train } from './trainer.js';
import type { TrainOptions } from './trainer.js';
import { useBackend } from '../test-support/backends.js';
import { TinyRegressor, regressionLoss } from '../test-support/tiny-regressor.js';

const SEED = 3;
const STEPS = 8;
const schedule = warmupCosine({ peakLearningRate: 1e-2, warmupSteps: 2, totalSteps: STEPS });

async function run(overrides: Partial<TrainOptions> = {}, seed = SEED) {
  const model = new TinyRegressor(seed);
  const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2, weightDecay: 0.1 });
  const result = await train({ model, optimizer, loss: regressionLoss(model, seed), steps: STEPS, schedule, clipNorm: 1, quiet: true, ...overrides });
  const weights = await Promise.all([...model.parameters().values()].map(async (v) => Array.from(await v.data())));
  return { model, optimizer, result, weights };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`training loop (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    it('learns, and the same seed gives a bit-identical loss curve; another seed does not', async () => {
      const first = await run();
      const second = await run();
      const other = await run({}, SEED + 1);
      expect(first.result.losses).toHaveLength(STEPS);
      expect(second.result.losses).toEqual(first.result.losses);
      expect(second.weights).toEqual(first.weights);
      expect(other.result.losses).not.toEqual(first.result.losses);
      expect(first.result.losses.at(-1)).toBeLessThan(first.result.losses[0] as number);
      for (const r of [first, second, other]) {
        r.model.dispose();
        r.optimizer.dispose();
      }
    });

    it('resuming mid-run from a checkpoint gives the same loss curve as an uninterrupted run', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trainer-'));
      const whole = await run();
      const path = join(dir, 'run.safetensors');
      const logPath = join(dir, 'log.jsonl');
      const firstHalf = await run({ steps: STEPS / 2, checkpoint: { path, every: 3 }, logPath });
      expect(existsSync(path)).toBe(true);
      // a fresh process: new model and optimizer, same seed, resumes from the checkpoint at step 4
      const resumed = await run({ checkpoint: { path, every: 3 }, logPath });
      expect(resumed.result.resumedFrom).toBe(STEPS / 2);
      expect(resumed.result.losses).toEqual(whole.result.losses);
      expect(resumed.weights).toEqual(whole.weights);
      const logged = readFileSync(logPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { step: number; loss: number });
      expect(logged.map((r) => r.step)).toEqual([...Array(STEPS).keys()]);
      expect(logged.map((r) => r.loss)).toEqual(whole.result.losses);
      for (const r of [whole, firstHalf, resumed]) {
        r.model.dispose();
        r.optimizer.dispose();
      }
    });

    it('checkpoints and restores buffers (non-trainable state such as running statistics) with the weights', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trainer-'));
      const path = join(dir, 'run.safetensors');
      const runCounting = async (steps: number) => {
        const updates = tf.variable(tf.scalar(0), false);
        const model = new TinyRegressor(SEED);
        const loss = regressionLoss(model, SEED);
        const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2 });
        const counting = (step: number, micro: number) => {
          updates.assign(tf.add(updates, 1));
          return loss(step, micro);
        };
        await train({ model, optimizer, loss: counting, steps, quiet: true, checkpoint: { path, every: 1 }, buffers: new Map([['updates', updates]]) });
        const value = (await updates.data())[0];
        tf.dispose([updates]);
        model.dispose();
        optimizer.dispose();
        return value;
      };
      expect(await runCounting(STEPS / 2)).toBe(STEPS / 2);
      // resumed: the buffer comes back from the checkpoint and keeps counting
      expect(await runCounting(STEPS)).toBe(STEPS);
    });

    it('two accumulated half-batches update like one batch of their mean loss', async () => {
      const halves = await run({ steps: 2, accumulate: 2 });
      const model = new TinyRegressor(SEED);
      const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2, weightDecay: 0.1 });
      const micro = regressionLoss(model, SEED);
      const whole = await train({
        model, optimizer, steps: 2, schedule, clipNorm: 1, quiet: true,
        loss: (step) => tf.div(tf.add(micro(step, 0), micro(step, 1)), 2) as tf.Scalar,
      });
      whole.losses.forEach((loss, i) => expect(halves.result.losses[i]).toBeCloseTo(loss, 6));
      const weights = await Promise.all([...model.parameters().values()].map(async (v) => Array.from(await v.data())));
      weights.flat().forEach((w, i) => expect(halves.weights.flat()[i]).toBeCloseTo(w, 5));
      for (const m of [model, halves.model]) m.dispose();
      optimizer.dispose();
      halves.optimizer.dispose();
    });

    it('stops early when stopWhen says so after an evaluation', async () => {
      const model = new TinyRegressor(SEED);
      const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2 });
      const result = await train({
        model, optimizer, loss: regressionLoss(model, SEED), steps: 10, evalEvery: 2, quiet: true,
        evaluate: async () => ({ val: 1 }),
        stopWhen: (run) => run.evals.length >= 2,
      });
      expect(result.step).toBe(4);
      expect(result.losses).toHaveLength(4);
      model.dispose();
      optimizer.dispose();
    });

    it('a run resumed from the checkpoint of an early stop stays stopped; one resumed mid-run goes on', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trainer-'));
      const path = join(dir, 'run.safetensors');
      const stopAfter = (evals: number) => async () => {
        const model = new TinyRegressor(SEED);
        const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2 });
        const result = await train({
          model, optimizer, loss: regressionLoss(model, SEED), steps: 10, evalEvery: 2, quiet: true, checkpoint: { path, every: 100 },
          evaluate: async () => ({ val: 1 }),
          stopWhen: (run) => run.evals.length >= evals,
        });
        model.dispose();
        optimizer.dispose();
        return result;
      };
      expect((await stopAfter(2)()).step).toBe(4);
      const again = await stopAfter(2)();
      expect(again.resumedFrom).toBe(4);
      expect(again.step).toBe(4);
      // the same checkpoint under a later stop: training goes on from it
      expect((await stopAfter(3)()).step).toBe(6);
    });

    it('evaluates periodically and leaks no tensors across a run', async () => {
      const model = new TinyRegressor(SEED);
      const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2 });
      const before = tf.memory().numTensors;
      let evaluations = 0;
      const result = await train({
        model, optimizer, loss: regressionLoss(model, SEED), steps: 5, evalEvery: 2, clipNorm: 1, quiet: true,
        evaluate: async () => ({ calls: ++evaluations }),
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(result.evals.map((e) => e.step)).toEqual([2, 4, 5]);
      model.dispose();
      optimizer.dispose();
    });

    it('switches training behaviour (dropout) on for each update only, with the step number', async () => {
      const model = new TinyRegressor(SEED);
      const optimizer = new AdamW(model.parameters(), { learningRate: 1e-2 });
      const seen: string[] = [];
      const loss = regressionLoss(model, SEED);
      await train({
        model, optimizer, steps: 3, evalEvery: 2, quiet: true,
        loss: (step, micro) => {
          seen.push(`loss ${step} training=${model.training}`);
          return loss(step, micro);
        },
        evaluate: async () => {
          seen.push(`eval training=${model.training}`);
          return {};
        },
      });
      expect(seen).toEqual(['loss 0 training=true', 'loss 1 training=true', 'eval training=false', 'loss 2 training=true', 'eval training=false']);
      expect(model.training).toBe(false);
      model.dispose();
      optimizer.dispose();
    });
  });
}
