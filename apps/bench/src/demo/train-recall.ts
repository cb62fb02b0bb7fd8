import * as tf from '@tensorflow/tfjs';
import { AdamW, Rng, countParameters, train, warmupCosine } from '@hybridssm/core';
import { DEMO_TASK, recallBatch, vocabSize } from './recall-task.js';
import type { RecallBatch, RecallTask } from './recall-task.js';
import { RecallModel } from './recall-model.js';

export interface RecallDemoConfig {
  seed: number;
  steps: number;
  batch: number;
  pattern: string;
  dModel: number;
  learningRate: number;
  task: RecallTask;
  quiet?: boolean;
}

export const DEFAULT_RECALL_DEMO: RecallDemoConfig = {
  seed: 0, steps: 300, batch: 32, pattern: 'M*-M-', dModel: 32, learningRate: 3e-3, task: DEMO_TASK,
};

export function buildRecallModel(config: RecallDemoConfig): RecallModel {
  return new RecallModel(
    {
      vocabSize: vocabSize(config.task),
      stack: {
        dModel: config.dModel,
        pattern: config.pattern,
        layers: { mamba2: { dState: 16, headdim: 16, chunkSize: 16 }, attention: { numHeads: 2 }, mlp: { hidden: 2 * config.dModel } },
      },
    },
    new Rng(config.seed),
  );
}

/**
 * Per-position targets: one-hot answers where the next token is a query's value, and a 0/1 weight
 * marking those positions (a mask rather than a gather, whose gradient the wasm backend lacks).
 */
function answerTargets(batch: RecallBatch, length: number, vocab: number): { targets: tf.Tensor; weights: tf.Tensor } {
  const b = batch.answers.length;
  const targets = new Float32Array(b * length * vocab);
  const weights = new Float32Array(b * length);
  batch.queryPositions.forEach((positions, i) =>
    positions.forEach((p, q) => {
      weights[i * length + p] = 1;
      targets[(i * length + p) * vocab + (batch.answers[i]?.[q] as number)] = 1;
    }),
  );
  return { targets: tf.tensor3d(targets, [b, length, vocab]), weights: tf.tensor2d(weights, [b, length]) };
}

/** Mean cross-entropy of the answers. */
function recallLoss(model: RecallModel, batch: RecallBatch, vocab: number): tf.Scalar {
  return tf.tidy(() => {
    const logits = model.apply(batch.tokens);
    const { targets, weights } = answerTargets(batch, logits.shape[1] as number, vocab);
    const crossEntropy = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1));
    return tf.div(tf.sum(tf.mul(crossEntropy, weights)), tf.sum(weights)) as tf.Scalar;
  });
}

/** Fraction of queries whose value is the arg-max prediction. */
export async function recallAccuracy(model: RecallModel, batch: RecallBatch): Promise<number> {
  const predictions = tf.tidy(() => tf.argMax(model.apply(batch.tokens), -1));
  const predicted = (await predictions.array()) as number[][];
  predictions.dispose();
  const answers = batch.answers.flat();
  const hits = batch.queryPositions.flatMap((positions, i) => positions.map((p) => predicted[i]?.[p]));
  return hits.filter((token, k) => token === answers[k]).length / answers.length;
}

export interface RecallDemoResult {
  model: RecallModel;
  losses: number[];
  accuracyBefore: number;
  accuracyAfter: number;
  parameters: ReturnType<typeof countParameters>;
}

/** Trains the demo model with the core training loop; batches depend only on (seed, step). */
export async function trainRecallDemo(config: RecallDemoConfig): Promise<RecallDemoResult> {
  const model = buildRecallModel(config);
  const vocab = vocabSize(config.task);
  const heldOut = recallBatch(config.task, new Rng(config.seed + 7_777_777), 256);
  const accuracyBefore = await recallAccuracy(model, heldOut);
  const optimizer = new AdamW(model.parameters(), { learningRate: config.learningRate, weightDecay: 0.1, beta2: 0.95 });
  const { losses } = await train({
    model,
    optimizer,
    steps: config.steps,
    schedule: warmupCosine({ peakLearningRate: config.learningRate, warmupSteps: Math.ceil(config.steps / 10), totalSteps: config.steps, minLearningRate: config.learningRate / 10 }),
    clipNorm: 1,
    quiet: config.quiet,
    label: 'train',
    loss: (step) => {
      const batch = recallBatch(config.task, new Rng(config.seed * 1_000_003 + step), config.batch);
      const loss = recallLoss(model, batch, vocab);
      batch.tokens.dispose();
      return loss;
    },
  });
  const accuracyAfter = await recallAccuracy(model, heldOut);
  heldOut.tokens.dispose();
  optimizer.dispose();
  return { model, losses, accuracyBefore, accuracyAfter, parameters: countParameters(model) };
}
