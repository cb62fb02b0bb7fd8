import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { Rng, initBackend } from '@hybridssm/core';
import { TextStream, checkSampling, generateTokens, loadLm } from '@hybridssm/lm';
import type { SavedLm } from '@hybridssm/lm';
import { integerAtLeast, resolvePath, withBackend, withSeed } from '@hybridssm/harness';

/** A task model's prompt: one example from `seed`, up to its first answer. */
function taskPrompt(saved: SavedLm, seed: number): { prompt: number[]; expected: number[] } {
  const task = saved.task!;
  const example = task.example(new Rng(seed));
  const first = example.answerPositions[0] as number;
  const answers = example.answerPositions.filter((p, i) => p === first + i);
  return { prompt: example.tokens.slice(0, first + 1), expected: answers.map((p) => example.tokens[p + 1] as number) };
}

/** `generate`: stream a saved model's continuation of a prompt to stdout, token by token. */
export function generateCommand(y: Argv): Argv {
  return y.command(
    'generate',
    'continue a prompt with a saved model (prefill in parallel, then one recurrent step per token), streaming to stdout',
    (c) =>
      withSeed(withBackend(c))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'model directory written by train' })
        .option('prompt', { type: 'string', describe: 'text to continue (text models)' })
        .option('prompt-file', { type: 'string', describe: 'or a file holding it' })
        .option('max-new-tokens', { type: 'number', default: 200, describe: 'tokens to generate' })
        .option('temperature', { type: 'number', default: 1, describe: '0 = greedy' })
        .option('top-k', { type: 'number', describe: 'sample among the k most likely tokens' })
        .option('top-p', { type: 'number', describe: 'nucleus sampling: the most likely tokens holding probability p, in (0, 1]' })
        .check((a) => {
          integerAtLeast('max-new-tokens', a['max-new-tokens'], 1);
          checkSampling({ temperature: a.temperature, ...(a['top-k'] === undefined ? {} : { topK: a['top-k'] }), ...(a['top-p'] === undefined ? {} : { topP: a['top-p'] }) });
          if (a.prompt !== undefined && a['prompt-file'] !== undefined) throw new Error('give --prompt or --prompt-file, not both');
          return true;
        })
        .example('$0 generate --checkpoint results/lm/models/mamba2-hybrid-corpus --prompt "ROMEO:" --temperature 0.8 --top-k 40', 'Shakespeare-ish text')
        .example('$0 generate --checkpoint results/lm/models/mamba2-hybrid-phonebook --temperature 0', "a task model answers a generated example's first lookup"),
    async (a) => {
      const info = await initBackend(a.backend);
      console.error(info.message);
      const saved = await loadLm(resolvePath(a.checkpoint));
      const sampling = { temperature: a.temperature, seed: a.seed, ...(a.topK === undefined ? {} : { topK: a.topK }), ...(a.topP === undefined ? {} : { topP: a.topP }) };
      try {
        if (saved.task !== undefined) {
          if (a.prompt !== undefined || a.promptFile !== undefined) throw new Error(`--prompt: ${a.checkpoint} is a '${saved.task.name}' model; it answers generated examples (choose one with --seed)`);
          const { prompt, expected } = taskPrompt(saved, a.seed);
          const generated: number[] = [];
          for await (const token of generateTokens(saved.model, prompt, { ...sampling, maxNewTokens: expected.length })) generated.push(token);
          console.log(`${saved.task.render(prompt)} ⟶ ${saved.task.render(generated)}   (expected ${saved.task.render(expected)})`);
          return;
        }
        const text = a.promptFile !== undefined ? readFileSync(resolvePath(a.promptFile), 'utf8') : (a.prompt ?? '\n');
        const tokenizer = saved.tokenizer!;
        const prompt = tokenizer.encode(text);
        const stream = new TextStream(tokenizer);
        const started = performance.now();
        let count = 0;
        process.stdout.write(text);
        for await (const token of generateTokens(saved.model, prompt, { ...sampling, maxNewTokens: a.maxNewTokens })) {
          process.stdout.write(stream.push([token]));
          count++;
        }
        process.stdout.write(`${stream.flush()}\n`);
        const seconds = (performance.now() - started) / 1000;
        console.error(`${count} tokens after a ${prompt.length}-token prompt in ${seconds.toFixed(2)} s (${(count / seconds).toFixed(1)} tokens/s, ${info.backend})`);
      } finally {
        saved.model.dispose();
      }
    },
  );
}
