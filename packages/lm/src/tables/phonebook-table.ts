import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng, loadModel, saveModel } from '@hybridssm/core';
import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { ARCHITECTURES } from '../models/architectures.js';
import type { Architecture } from '../models/architectures.js';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig } from '../models/lm-config.js';
import type { LmConfig } from '../models/lm-config.js';
import { phonebookEntriesFor, phonebookLengthFor, phonebookTask } from '../tasks/phonebook.js';
import type { PhonebookConfig } from '../tasks/phonebook.js';
import { evaluateTask } from '../train/evaluate-lm.js';
import { ARCHITECTURE_LABELS, LM_PAPER } from './paper.js';
import { recallFindings } from './recall-findings.js';
import { trainOnTask } from './train-on-task.js';
import type { TaskRecipe } from './train-on-task.js';

/** One scale of the Phonebook table. */
export interface PhonebookScaleConfig extends TaskRecipe {
  preset: string;
  /** the phonebook the models are trained on; its length is the trained context */
  phonebook: PhonebookConfig;
  /** lookups per evaluated context length */
  evalExamples: number;
  evalBatch: number;
}

/** Evaluated context lengths, as multiples of the trained one (the paper's long-context test in miniature). */
const MULTIPLES = [1, 2, 4, 8] as const;

const columns: ColumnSpec[] = MULTIPLES.map((multiple) => ({
  id: `${multiple}x`,
  label: multiple === 1 ? 'trained length' : `${multiple}× longer`,
  settings: { contextMultiple: multiple },
}));

/** The phonebook with as many entries as fit `multiple` times the trained sequence length. */
function phonebookAt(config: PhonebookConfig, multiple: number): PhonebookConfig {
  return { ...config, entries: phonebookEntriesFor(multiple * phonebookLengthFor(config), config) };
}

const spec: TableSpec<PhonebookScaleConfig> = {
  domain: 'lm',
  id: 'phonebook',
  title: 'Phonebook lookup accuracy (digits right) against context length, trained at one length',
  paper: {
    ...LM_PAPER,
    table: 'Phonebook (Figure: accuracy against context length)',
    note:
      "The paper's Phonebook figure could not be retrieved (../shared/papers/lm-mamba2-hybrid.md): every reported cell is —. " +
      'Qualitatively, the paper reports that pure Mamba/Mamba-2 lag the Transformer on Phonebook and that the hybrid repairs it.',
  },
  rows: ARCHITECTURES.map((id) => ({ id, label: ARCHITECTURE_LABELS[id] })),
  columns,
  metrics: [
    { id: 'accuracy', label: 'digit accuracy', direction: 'higher', digits: 3 },
    { id: 'exact', label: 'lookups exactly right', direction: 'higher', digits: 3 },
  ],
  reported: Object.fromEntries(ARCHITECTURES.map((row) => [row, Object.fromEntries(columns.map((c) => [c.id, { accuracy: null, exact: null }]))])),
  scales: {
    smoke: {
      description: 'tiny models (4 blocks, d_model 32), 3 entries, 20 updates, trained and 2× lengths: checks the pipeline only',
      rows: ['mamba2', 'mamba2-hybrid'],
      columns: ['1x', '2x'],
      config: { preset: 'tiny', phonebook: { entries: 3, queries: 1, nameLength: 2, numberLength: 2 }, steps: 20, batch: 4, learningRate: 3e-3, evalExamples: 8, evalBatch: 8 },
    },
    small: {
      description: 'mini models (4 blocks, ~0.11 M parameters, matched), phonebooks of 8 entries (2-letter names, 2-digit numbers) and 4 lookups (77 tokens; 8x: 97 entries, 616 tokens), 1,500 updates of 32, lr 3e-3; 256 examples per length',
      config: { preset: 'mini', phonebook: { entries: 8, queries: 4, nameLength: 2, numberLength: 2 }, steps: 1500, batch: 32, learningRate: 3e-3, evalExamples: 256, evalBatch: 32 },
    },
    paper: {
      description: 'the base preset (8 blocks, d_model 256) on 64-entry phonebooks, 10,000 updates (the paper trains 8B models at 4K tokens: not reachable on a CPU)',
      config: { preset: 'base', phonebook: { entries: 64, queries: 4, nameLength: 3, numberLength: 4 }, steps: 10_000, batch: 16, learningRate: 1e-3, evalExamples: 512, evalBatch: 8 },
    },
  },
};

/**
 * The model of a row, trained once per (row, seed) and shared by the row's columns: saved beside the
 * cells' checkpoints, loaded by the next column. Training resumes from the cell's checkpoint.
 */
async function trainedModel(architecture: Architecture, ctx: Parameters<TableDefinition<PhonebookScaleConfig>['runCell']>[2]): Promise<LanguageModel> {
  const { config } = ctx;
  const task = phonebookTask(config.phonebook);
  const modelPath = join(dirname(ctx.checkpointPath), `${architecture}.seed${ctx.seed}.model.safetensors`);
  if (existsSync(modelPath)) return (await loadModel(modelPath, (c: LmConfig) => new LanguageModel(c, new Rng(0)))).model;
  const model = new LanguageModel(lmConfig({ preset: config.preset, architecture, vocabSize: task.vocabSize, maxSeqLen: 8 * task.sequenceLength + 8 }), new Rng(ctx.seed));
  await trainOnTask(model, task, config, ctx, join(dirname(ctx.checkpointPath), `${architecture}.seed${ctx.seed}.train.safetensors`), architecture);
  mkdirSync(dirname(modelPath), { recursive: true });
  await saveModel(modelPath, model, model.config);
  return model;
}

/** Phonebook (Jelassi et al. 2024, as used by Waleffe et al.): each architecture trained at one length, evaluated at 1–8× it. */
export const phonebookTable: TableDefinition<PhonebookScaleConfig> = {
  spec,
  async runCell(row, column, ctx) {
    const model = await trainedModel(row.id as Architecture, ctx);
    try {
      const multiple = Number(column.settings.contextMultiple);
      const task = phonebookTask(phonebookAt(ctx.config.phonebook, multiple));
      const accuracy = await evaluateTask(model, task, { examples: ctx.config.evalExamples, batch: ctx.config.evalBatch, seed: 7 + ctx.seed });
      return { metrics: { accuracy: accuracy.answerAccuracy, exact: accuracy.exampleAccuracy, contextTokens: task.sequenceLength } };
    } finally {
      model.dispose();
    }
  },
  findings: (cells) => recallFindings(spec, cells, 'accuracy'),
};
