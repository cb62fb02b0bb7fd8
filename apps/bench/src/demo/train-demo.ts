import * as tf from '@tensorflow/tfjs';
import { Rng } from '@hybridssm/core';
import { delayBatch } from './delay-task.js';
import { ScanRegressor } from './scan-regressor.js';
import { createProgress } from '../progress.js';

export interface DemoConfig {
  seed: number;
  steps: number;
  batch: number;
  length: number;
  lag: number;
  d: number;
  n: number;
  learningRate: number;
  quiet?: boolean;
}

export const DEFAULT_DEMO: DemoConfig = { seed: 0, steps: 200, batch: 16, length: 64, lag: 2, d: 16, n: 8, learningRate: 0.05 };

export interface DemoResult {
  losses: number[];
  /** MSE on a held-out batch before and after training */
  evalBefore: number;
  evalAfter: number;
}

function mseAfterLag(model: ScanRegressor, x: tf.Tensor, target: tf.Tensor, lag: number): tf.Scalar {
  const [b, l] = [x.shape[0] as number, x.shape[1] as number];
  const prediction = tf.slice(model.apply(x), [0, lag], [b, l - lag]);
  return tf.losses.meanSquaredError(target, prediction) as tf.Scalar;
}

/** Fits a ScanRegressor to the delay task with Adam; the same seed gives the same loss curve on a backend. */
export async function trainDemo(config: DemoConfig): Promise<DemoResult> {
  const rng = new Rng(config.seed);
  const model = new ScanRegressor({ d: config.d, n: config.n }, rng);
  const optimizer = tf.train.adam(config.learningRate);
  const heldOut = delayBatch(new Rng(config.seed + 1_000_003), config.batch, config.length, config.lag);
  const evaluate = async () => {
    const loss = tf.tidy(() => mseAfterLag(model, heldOut.x, heldOut.target, config.lag));
    const value = (await loss.data())[0] as number;
    loss.dispose();
    return value;
  };

  const evalBefore = await evaluate();
  const losses: number[] = [];
  const progress = createProgress('train', config.steps, { quiet: config.quiet });
  for (let step = 1; step <= config.steps; step++) {
    const batch = delayBatch(rng, config.batch, config.length, config.lag);
    const loss = optimizer.minimize(() => mseAfterLag(model, batch.x, batch.target, config.lag), true, model.variables);
    losses.push(((await loss?.data()) ?? [NaN])[0] as number);
    loss?.dispose();
    tf.dispose([batch.x, batch.target]);
    progress.update(step, { loss: losses[losses.length - 1] as number });
  }
  progress.stop();
  const evalAfter = await evaluate();
  tf.dispose([heldOut.x, heldOut.target]);
  optimizer.dispose();
  model.dispose();
  return { losses, evalBefore, evalAfter };
}
