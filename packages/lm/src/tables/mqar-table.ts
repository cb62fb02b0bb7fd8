import { Rng } from '@hybridssm/core';
import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { ARCHITECTURES } from '../models/architectures.js';
import type { Architecture } from '../models/architectures.js';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig } from '../models/lm-config.js';
import { mqarTask } from '../tasks/mqar.js';
import { evaluateTask } from '../train/evaluate-lm.js';
import { ARCHITECTURE_LABELS, LM_PAPER } from './paper.js';
import { recallFindings } from './recall-findings.js';
import { trainOnTask } from './train-on-task.js';
import type { TaskRecipe } from './train-on-task.js';

/** One scale of the MQAR table. */
export interface MqarScaleConfig extends TaskRecipe {
  preset: string;
  /** sizes of the key and value alphabets (disjoint token ranges) */
  keys: number;
  values: number;
  /** examples evaluated per cell */
  evalExamples: number;
  evalBatch: number;
}

/**
 * Key → value pairs per example: the columns; each example asks as many queries as it has pairs. A
 * fixed-size recurrent state must hold all of them.
 */
const PAIRS = [4, 8, 16, 32, 64] as const;

const columns: ColumnSpec[] = PAIRS.map((pairs) => ({ id: `pairs-${pairs}`, label: `${pairs} pairs`, settings: { pairs } }));

const spec: TableSpec<MqarScaleConfig> = {
  domain: 'lm',
  id: 'mqar',
  title: 'Multi-query associative recall (MQAR): accuracy of the queried values against the number of key → value pairs',
  paper: {
    ...LM_PAPER,
    table: 'MQAR (Zoology, Arora et al. 2023; not reported by the paper)',
    note:
      'The paper does not report MQAR (../shared/papers/lm-mamba2-hybrid.md: no evidence either way), so every reported cell is —. ' +
      "The task is Zoology's (Arora et al. 2023, arXiv:2312.04927): pairs k v … then queries k v …; the claim it tests is the paper's " +
      'recall finding in another form: a fixed-size state loses pairs as they grow, and a few attention layers repair it.',
  },
  rows: ARCHITECTURES.map((id) => ({ id, label: ARCHITECTURE_LABELS[id] })),
  columns,
  metrics: [
    { id: 'accuracy', label: 'query accuracy', direction: 'higher', digits: 3 },
    { id: 'exact', label: 'examples all right', direction: 'higher', digits: 3 },
  ],
  reported: Object.fromEntries(ARCHITECTURES.map((row) => [row, Object.fromEntries(columns.map((c) => [c.id, { accuracy: null, exact: null }]))])),
  scales: {
    smoke: {
      description: 'tiny models (4 blocks, d_model 32), 4 pairs of 16 keys / 16 values, 20 updates: checks the pipeline only',
      rows: ['mamba2', 'mamba2-hybrid'],
      columns: ['pairs-4'],
      config: { preset: 'tiny', keys: 16, values: 16, steps: 20, batch: 4, learningRate: 3e-3, evalExamples: 8, evalBatch: 8 },
    },
    small: {
      // at 64 keys / 64 values no architecture learned 8 pairs in 1,500 updates (query accuracy 15–17 %,
      // training loss still 2.4 nats); at 16 keys the hybrid learns 16 pairs in 1,000 (measured 2026-12-03)
      description: 'mini models (4 blocks, ~0.11 M parameters, matched), 16 keys / 16 values, 4, 8 and 16 pairs with as many queries (16–64 tokens), a model per cell trained 1,000 updates of 32 at lr 3e-3; 256 examples per cell',
      columns: ['pairs-4', 'pairs-8', 'pairs-16'],
      config: { preset: 'mini', keys: 16, values: 16, steps: 1000, batch: 32, learningRate: 3e-3, evalExamples: 256, evalBatch: 32 },
    },
    paper: {
      description: "the base preset (8 blocks, d_model 256), Zoology's 16–64 pairs over 256 keys / 256 values, 10,000 updates of 16",
      columns: ['pairs-16', 'pairs-32', 'pairs-64'],
      config: { preset: 'base', keys: 256, values: 256, steps: 10_000, batch: 16, learningRate: 1e-3, evalExamples: 512, evalBatch: 16 },
    },
  },
};

/** MQAR: each architecture trained and evaluated at each number of pairs, at the preset hybrid's parameter count. */
export const mqarTable: TableDefinition<MqarScaleConfig> = {
  spec,
  async runCell(row, column, ctx) {
    const { config } = ctx;
    const pairs = Number(column.settings.pairs);
    const task = mqarTask({ keys: config.keys, values: config.values, pairs, queries: pairs });
    const architecture = row.id as Architecture;
    const model = new LanguageModel(lmConfig({ preset: config.preset, architecture, vocabSize: task.vocabSize, maxSeqLen: task.sequenceLength }), new Rng(ctx.seed));
    try {
      const losses = await trainOnTask(model, task, config, ctx, ctx.checkpointPath, `${architecture} ${pairs} pairs`);
      const accuracy = await evaluateTask(model, task, { examples: config.evalExamples, batch: config.evalBatch, seed: 7 + ctx.seed });
      return {
        metrics: { accuracy: accuracy.answerAccuracy, exact: accuracy.exampleAccuracy, contextTokens: task.sequenceLength, parameters: model.numParameters() },
        curves: { train: losses.map((y, x) => ({ x: x + 1, y })) },
      };
    } finally {
      model.dispose();
    }
  },
  findings: (cells) => recallFindings(spec, cells, 'accuracy'),
};
