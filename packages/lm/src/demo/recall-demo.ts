import * as tf from '@tensorflow/tfjs';
import { Rng, countParameters } from '@hybridssm/core';
import { generateTokens } from '../generate/generate.js';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig } from '../models/lm-config.js';
import type { LmConfig } from '../models/lm-config.js';
import { DEFAULT_MQAR_CONFIG, mqarTask } from '../tasks/mqar.js';
import type { MqarConfig } from '../tasks/mqar.js';
import type { SequenceTask } from '../tasks/task.js';
import { evaluateTask } from '../train/evaluate-lm.js';
import { fitLanguageModel } from '../train/fit-lm.js';
import { taskBatches } from '../train/lm-batch.js';

/** `hybridssm-lm demo`: a tiny hybrid trained on multi-query associative recall (MQAR). */
export interface RecallDemoConfig {
  seed: number;
  steps: number;
  /** sequences per update */
  batch: number;
  /** layer pattern (M Mamba-2, * attention, - MLP) at the model preset's width */
  pattern: string;
  /** an LM preset (LM_PRESETS): its width, Mamba-2 state and heads */
  preset: string;
  learningRate: number;
  task: MqarConfig;
  quiet?: boolean;
}

/** Peak learning rate 5e-3: over seeds 0–4, 93–100% answer accuracy after 300 updates (3e-3: 75–100%). */
export const DEFAULT_RECALL_DEMO: RecallDemoConfig = {
  seed: 0, steps: 300, batch: 32, pattern: 'M*-M-', preset: 'tiny', learningRate: 5e-3, task: DEFAULT_MQAR_CONFIG,
};

/** Held-out sequences scored before and after training (drawn from their own seed, never trained on). */
export const RECALL_DEMO_EVAL_EXAMPLES = 256;

export interface RecallDemoResult {
  model: LanguageModel;
  config: LmConfig;
  task: SequenceTask;
  losses: number[];
  /** next-token accuracy on the answers of the held-out sequences */
  accuracyBefore: number;
  accuracyAfter: number;
  parameters: ReturnType<typeof countParameters>;
}

/** The demo's model config: the pattern at the preset's width, over the task's vocabulary. */
export function recallDemoModelConfig(config: RecallDemoConfig, task: SequenceTask): LmConfig {
  return lmConfig({ preset: config.preset, pattern: config.pattern, vocabSize: task.vocabSize });
}

/**
 * Trains the demo model with the paper's AdamW recipe (fitLanguageModel) on fresh MQAR batches, scored
 * on the answers only. Model weights come from `seed`, update i's batch from `1000·seed + i` (as
 * `hybridssm-lm train --task mqar` does), so a run repeats bit for bit. The caller disposes the model.
 */
export async function trainRecallDemo(config: RecallDemoConfig): Promise<RecallDemoResult> {
  const task = mqarTask(config.task);
  const modelConfig = recallDemoModelConfig(config, task);
  const model = new LanguageModel(modelConfig, new Rng(config.seed));
  const heldOut = { examples: RECALL_DEMO_EVAL_EXAMPLES, batch: 64, seed: config.seed + 7_777_777 };
  try {
    const accuracyBefore = (await evaluateTask(model, task, heldOut)).answerAccuracy;
    const batches = taskBatches(task, config.batch, 1000 * config.seed);
    const { losses } = await fitLanguageModel(model, { steps: config.steps, learningRate: config.learningRate }, {
      batches: (step) => batches(step),
      label: 'train',
      quiet: config.quiet ?? false,
    });
    const accuracyAfter = (await evaluateTask(model, task, heldOut)).answerAccuracy;
    return { model, config: modelConfig, task, losses, accuracyBefore, accuracyAfter, parameters: countParameters(model) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

export interface RecallGeneration {
  /** the pairs and the first query key, e.g. "a→B c→D … | c?" */
  prompt: string;
  /** the model's greedy answer */
  generated: string;
  expected: string;
  /** max |logits(step) − logits(apply)| / max |logits(apply)| over the prompt's positions */
  stepVsFull: number;
}

/**
 * The relative difference between the logits of reading `tokens` one `step` at a time through the caches and
 * the full-sequence forward: max |step − apply| / max |apply| over every position.
 */
export async function stepVsFullForward(model: LanguageModel, tokens: readonly number[]): Promise<number> {
  const cache = model.initCache(1, tokens.length);
  try {
    const [stepped, full] = tf.tidy(() => {
      const steps = tokens.map((token) => model.step(tf.tensor1d([token], 'int32'), cache));
      return [tf.concat(steps, 0), tf.squeeze(model.apply(tf.tensor2d([[...tokens]], [1, tokens.length], 'int32')), [0])];
    });
    const [s, f] = [await stepped.data(), await full.data()];
    tf.dispose([stepped, full]);
    let maxDiff = 0;
    let maxRef = 0;
    for (let i = 0; i < f.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((f[i] as number) - (s[i] as number)));
      maxRef = Math.max(maxRef, Math.abs(f[i] as number));
    }
    return maxDiff / maxRef;
  } finally {
    cache.dispose();
  }
}

/**
 * `count` recall prompts drawn from `rng` (the pairs, then the first query key), each answered greedily
 * with generateTokens (prefill through the caches), with the step-vs-full-forward difference over the prompt.
 * `task` must be an MQAR task (its keys and values are printed as pairs).
 */
export async function recallGenerations(model: LanguageModel, task: SequenceTask, rng: Rng, count: number): Promise<RecallGeneration[]> {
  const generations: RecallGeneration[] = [];
  for (let i = 0; i < count; i++) {
    const example = task.example(rng);
    const first = example.answerPositions[0] as number;
    const prompt = example.tokens.slice(0, first + 1);
    const generated: number[] = [];
    for await (const token of generateTokens(model, prompt, { maxNewTokens: 1, temperature: 0 })) generated.push(token);
    const pairs: string[] = [];
    for (let p = 0; p + 1 < first; p += 2) pairs.push(`${task.render([prompt[p] as number])}→${task.render([prompt[p + 1] as number])}`);
    generations.push({
      prompt: `${pairs.join(' ')} | ${task.render([prompt[first] as number])}?`,
      generated: task.render(generated),
      expected: task.render([example.tokens[first + 1] as number]),
      stepVsFull: await stepVsFullForward(model, prompt),
    });
  }
  return generations;
}
