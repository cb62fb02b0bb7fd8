import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { evaluateCorpus, evaluateTask, loadLm, makeTask, prepareCorpus, resolveCorpus } from '@hybridssm/lm';
import { integerAtLeast, resolvePath, withBackend, withDataDir, withSeed } from '@hybridssm/harness';
import { parseTaskOptions } from './task-options.js';

/** `eval`: a saved model's loss, perplexity and bits per byte on a corpus's validation split, or its task accuracy. */
export function evaluateCommand(y: Argv): Argv {
  return y.command(
    'eval',
    "evaluate a saved model: validation loss, perplexity and bits per byte (corpus) or answer accuracy (task)",
    (c) =>
      withDataDir(withSeed(withBackend(c)))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'model directory written by train' })
        .option('corpus', { type: 'string', describe: "another text file's validation split (default: the training corpus)" })
        .option('task-option', { type: 'string', array: true, describe: 'task models: settings that differ from training, e.g. entries=64 (a longer phonebook)' })
        .option('windows', { type: 'number', default: 64, describe: 'validation windows (corpus) or examples (task)' })
        .option('batch-size', { type: 'number', default: 8, describe: 'sequences per forward pass' })
        .check((a) => {
          integerAtLeast('windows', a.windows, 1);
          integerAtLeast('batch-size', a['batch-size'], 1);
          parseTaskOptions(a['task-option']);
          return true;
        })
        .example('$0 eval --checkpoint results/lm/models/mamba2-hybrid-corpus', 'bits per byte on the training corpus’s held-out tail')
        .example('$0 eval --checkpoint results/lm/models/mamba2-phonebook --task-option entries=96', 'Phonebook at a longer context than trained'),
    async (a) => {
      console.log((await initBackend(a.backend)).message);
      const saved = await loadLm(resolvePath(a.checkpoint));
      try {
        if (saved.config.data.kind === 'task') {
          if (a.corpus !== undefined) throw new Error(`--corpus: ${a.checkpoint} was trained on the task '${saved.config.data.task}', not on text`);
          const task = makeTask(saved.config.data.task, { ...saved.config.data.options, ...parseTaskOptions(a.taskOption) });
          const accuracy = await evaluateTask(saved.model, task, { examples: a.windows, batch: a.batchSize, seed: a.seed + 7 });
          console.log(`${task.name} (${task.sequenceLength} tokens): answer accuracy ${accuracy.answerAccuracy.toFixed(4)}, examples all right ${accuracy.exampleAccuracy.toFixed(4)} (${a.windows} examples)`);
          return;
        }
        if (a.taskOption !== undefined) throw new Error(`--task-option: ${a.checkpoint} is a text model; task options apply to task models`);
        const path = a.corpus === undefined ? saved.config.data.corpus : resolveCorpus(a.corpus, resolvePath(a.dataDir));
        const corpus = prepareCorpus(path, { tokenizer: saved.tokenizer, validationFraction: saved.config.data.validationFraction });
        const m = await evaluateCorpus(saved.model, corpus.validation, { windows: a.windows, length: saved.config.seqLen, batch: a.batchSize, bytesPerToken: corpus.bytesPerToken, seed: a.seed });
        console.log(`${path} validation: loss ${m.loss.toFixed(4)}, perplexity ${m.perplexity.toFixed(2)}, ${m.bitsPerByte.toFixed(4)} bits per byte (${a.windows} windows of ${saved.config.seqLen} tokens)`);
      } finally {
        saved.model.dispose();
      }
    },
  );
}
