import { join } from 'node:path';
import type { Argv } from 'yargs';
import { Rng, initBackend } from '@hybridssm/core';
import {
  ARCHITECTURES, LM_FILES, LM_PRESETS, LanguageModel, TASK_NAMES, TOKENIZER_KINDS, corpusBatches, evaluateCorpus, evaluateTask,
  fitLanguageModel, lmConfig, makeTask, prepareCorpus, resolveCorpus, saveLm, taskBatches,
} from '@hybridssm/lm';
import type { Architecture, LmBatchSource, LmData, SavedLmConfig, TokenizerKind } from '@hybridssm/lm';
import { integerAtLeast, resolvePath, withBackend, withDataDir, withOut, withQuiet, withSeed } from '@hybridssm/harness';
import { parseTaskOptions } from './task-options.js';

const defaultDir = (a: { out: string; architecture: string; pattern?: string | undefined; task?: string | undefined; corpus?: string | undefined }) =>
  join(a.out, 'lm', 'models', `${a.pattern === undefined ? a.architecture : 'custom'}-${a.task ?? 'corpus'}`);

/** `train`: one language model on a text corpus or a synthetic task; saves it (and its tokenizer) in a directory. */
export function trainCommand(y: Argv): Argv {
  return y.command(
    'train',
    'train a language model on a text file (any) or a synthetic task; save weights, tokenizer and log in a directory',
    (c) =>
      withOut(withDataDir(withSeed(withQuiet(withBackend(c)))))
        .option('corpus', { type: 'string', describe: 'a text file, or a dataset name (tinyshakespeare)' })
        .option('task', { choices: TASK_NAMES, describe: 'a synthetic task instead of a corpus' })
        .option('task-option', { type: 'string', array: true, describe: 'task settings as name=integer, e.g. entries=16 (phonebook)' })
        .option('architecture', { choices: ARCHITECTURES, default: 'mamba2-hybrid' as Architecture, describe: 'model family (solved to the preset hybrid’s parameter count)' })
        .option('pattern', { type: 'string', describe: 'any layer pattern instead (M Mamba-2, m Mamba, * attention, - MLP)' })
        .option('preset', { choices: Object.keys(LM_PRESETS), default: 'small', describe: 'model size' })
        .option('tokenizer', { choices: TOKENIZER_KINDS, default: 'byte' as TokenizerKind, describe: 'corpus tokenizer (bpe and char are built from the training split)' })
        .option('vocab-size', { type: 'number', describe: 'bpe vocabulary size (default 512)' })
        .option('seq-len', { type: 'number', default: 256, describe: 'tokens per training window (corpus)' })
        .option('batch-size', { type: 'number', default: 16, describe: 'sequences per update' })
        .option('steps', { type: 'number', default: 1000, describe: 'updates' })
        .option('lr', { type: 'number', default: 1e-3, describe: 'peak learning rate (warmup, then cosine to lr/10)' })
        .option('eval-every', { type: 'number', default: 100, describe: 'evaluate (and checkpoint) every this many updates' })
        .option('max-seq-len', { type: 'number', default: 65_536, describe: 'the longest prompt + generation the saved model accepts' })
        .option('tie-embeddings', { type: 'boolean', default: false, describe: 'share the embedding and output weights (the paper unties them)' })
        .option('checkpoint', { type: 'string', describe: 'model directory (default <out>/lm/models/<architecture>-<task|corpus>); an unfinished run there resumes' })
        .check((a) => {
          if ((a.corpus === undefined) === (a.task === undefined)) throw new Error('give exactly one of --corpus <file> or --task <name>');
          for (const flag of ['seq-len', 'batch-size', 'steps', 'eval-every', 'max-seq-len'] as const) integerAtLeast(flag, a[flag], 1);
          if (!(a.lr > 0)) throw new Error(`--lr must be a positive number; got ${a.lr}`);
          parseTaskOptions(a['task-option']);
          return true;
        })
        .example('$0 train --corpus tinyshakespeare --data-dir ../shared/datasets --architecture mamba2-hybrid --steps 2000', 'a byte-level hybrid on Tiny Shakespeare')
        .example('$0 train --task phonebook --task-option entries=16 --architecture transformer', 'a Transformer on Phonebook')
        .example('$0 train --corpus notes.txt --tokenizer bpe --vocab-size 1024 --pattern "M-M*M-M-"', 'any text file, any pattern'),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const dir = resolvePath(a.checkpoint ?? defaultDir(a));
      let data: LmData;
      let batches: LmBatchSource;
      let evaluate: (model: LanguageModel) => Promise<Record<string, number>>;
      let vocabSize: number;
      let seqLen: number;
      let tokenizer;
      if (a.task !== undefined) {
        const options = parseTaskOptions(a['task-option']);
        const task = makeTask(a.task, options);
        data = { kind: 'task', task: a.task, options };
        vocabSize = task.vocabSize;
        seqLen = task.sequenceLength;
        batches = taskBatches(task, a.batchSize, 1000 * a.seed);
        evaluate = async (model) => {
          const accuracy = await evaluateTask(model, task, { examples: 64, batch: a.batchSize, seed: 7 });
          return { accuracy: accuracy.answerAccuracy, exact: accuracy.exampleAccuracy };
        };
      } else {
        const path = resolveCorpus(a.corpus as string, resolvePath(a.dataDir));
        const corpus = prepareCorpus(path, { kind: a.tokenizer, ...(a.vocabSize === undefined ? {} : { vocabSize: a.vocabSize }) });
        data = { kind: 'corpus', corpus: path, validationFraction: 0.1 };
        tokenizer = corpus.tokenizer;
        vocabSize = tokenizer.vocabSize;
        seqLen = a.seqLen;
        batches = corpusBatches(corpus.train, a.batchSize, seqLen, 1000 * a.seed);
        evaluate = async (model) => {
          const m = await evaluateCorpus(model, corpus.validation, { windows: 32, length: seqLen, batch: a.batchSize, bytesPerToken: corpus.bytesPerToken });
          return { valLoss: m.loss, bitsPerByte: m.bitsPerByte };
        };
        console.log(`corpus ${path}: ${corpus.train.length} training and ${corpus.validation.length} validation tokens (${a.tokenizer}, vocabulary ${vocabSize})`);
      }
      const config = lmConfig({ preset: a.preset, vocabSize, tieEmbeddings: a.tieEmbeddings, maxSeqLen: a.maxSeqLen, ...(a.pattern === undefined ? { architecture: a.architecture } : { pattern: a.pattern }) });
      const model = new LanguageModel(config, new Rng(a.seed));
      console.log(`model: ${config.architecture} "${config.pattern}", d_model ${config.dModel}, ${model.numParameters().toLocaleString('en-US')} parameters; ${dir}`);
      const saved: SavedLmConfig = { model: config, data, seqLen };
      const result = await fitLanguageModel(model, { steps: a.steps, learningRate: a.lr, evalEvery: a.evalEvery }, {
        batches: (step) => batches(step),
        evaluate: () => evaluate(model),
        checkpointPath: join(dir, LM_FILES.training),
        logPath: join(dir, LM_FILES.log),
        config: saved,
        label: config.architecture,
        quiet: a.quiet,
      });
      if (result.resumedFrom !== undefined) console.log(`resumed from update ${result.resumedFrom}`);
      await saveLm(dir, model, saved, tokenizer);
      const last = result.evals.at(-1);
      const metrics = last === undefined ? '' : Object.entries(last.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
      console.log(`trained ${result.step} updates: loss ${result.losses.at(-1)?.toFixed(4)}${metrics === '' ? '' : `; ${metrics}`}; saved ${join(dir, LM_FILES.model)}`);
      model.dispose();
    },
  );
}
