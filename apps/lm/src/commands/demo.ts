import type { Argv } from 'yargs';
import { Rng, initBackend } from '@hybridssm/core';
import { DEFAULT_RECALL_DEMO, RECALL_DEMO_EVAL_EXAMPLES, mqarTask, recallDemoModelConfig, recallGenerations, trainRecallDemo } from '@hybridssm/lm';
import { integerAtLeast, withBackend, withQuiet, withSeed } from '@hybridssm/harness';

/**
 * `demo` (`pnpm demo`): train a tiny hybrid on multi-query associative recall, print the loss and the
 * held-out accuracy, then answer three prompts through the recurrent caches.
 */
export function demoCommand(y: Argv): Argv {
  return y.command(
    'demo',
    'train a tiny hybrid Mamba-2 + attention model on associative recall (MQAR), then generate with it through the recurrent caches',
    (c) =>
      withSeed(withQuiet(withBackend(c)))
        .option('steps', { type: 'number', default: DEFAULT_RECALL_DEMO.steps, describe: 'AdamW updates' })
        .check((a) => integerAtLeast('steps', a.steps, 1))
        .example('$0 demo', `${DEFAULT_RECALL_DEMO.steps} updates on the default backend (under a minute on 2 cores)`)
        .example('$0 demo --steps 100 --seed 1 --quiet', 'a shorter run, another seed, no progress bar'),
    async (a) => {
      const backend = await initBackend(a.backend);
      console.log(backend.message);
      const config = { ...DEFAULT_RECALL_DEMO, seed: a.seed, steps: a.steps, quiet: a.quiet };
      const { pairs, queries, values } = config.task;
      const task = mqarTask(config.task);
      console.log(
        `Training a hybrid "${config.pattern}" (${config.preset} preset, d_model ${recallDemoModelConfig(config, task).dModel}) on multi-query associative recall: ` +
          `${pairs} key→value pairs, then ${queries} queries (length ${task.sequenceLength}, batch ${config.batch}, ${config.steps} AdamW updates, seed ${config.seed}).`,
      );
      const started = Date.now();
      const result = await trainRecallDemo(config);
      try {
        const { losses } = result;
        const { total, byKind } = result.parameters;
        console.log(`parameters: ${total} (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);
        const marks = [...new Set([1, ...[0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(f * config.steps)))])];
        console.log(
          `training loss: ${marks.map((s) => `step ${s} ${(losses[s - 1] as number).toFixed(3)}`).join(' → ')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        console.log(
          `recall accuracy on ${RECALL_DEMO_EVAL_EXAMPLES} held-out sequences: ${(100 * result.accuracyBefore).toFixed(1)}% before training, ` +
            `${(100 * result.accuracyAfter).toFixed(1)}% after (chance: ${(100 / values).toFixed(1)}%)`,
        );
        console.log('\nRecurrent generation (the prompt read into the caches, the answer greedy; step() vs full forward over the prompt):');
        for (const g of await recallGenerations(result.model, task, new Rng(a.seed + 99), 3)) {
          console.log(`  ${g.prompt} → ${g.generated} (expected ${g.expected}; step vs full forward: ${g.stepVsFull.toExponential(1)} relative)`);
        }
      } finally {
        result.model.dispose();
      }
    },
  );
}
