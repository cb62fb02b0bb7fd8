import { basename, join } from 'node:path';
import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { sampleImages, writeImageGrid } from '@hybridssm/diffusion';
import { integerAtLeast, resolvePath, withBackend, withOut, withSeed, writableFilePath } from '@hybridssm/harness';
import { promptLabel, promptNotes } from './prompt-notes.js';
import { samplingOptions, samplingSummary, withSampling } from './sampling-options.js';
import { withSavedModel } from './saved-model.js';

/** `sample`: a PNG grid of a saved model's images, one row per prompt. */
export function sampleCommand(y: Argv): Argv {
  return y.command(
    'sample',
    'generate images from prompts with a saved model (its EMA weights) and write them as a PNG grid, one row per prompt; any prompt works, in any language and length',
    (c) =>
      withOut(withSeed(withBackend(withSampling(c))))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'model directory written by train' })
        .option('prompt', { type: 'string', array: true, demandOption: true, describe: 'a prompt, quoted; repeat the flag for more rows (--prompt "a 3" --prompt "a 7")' })
        .option('n', { type: 'number', default: 16, describe: 'images per prompt (the columns)' })
        .option('zoom', { type: 'number', default: 1, describe: 'each pixel drawn as zoom × zoom pixels, 1 to 32' })
        .option('output', { type: 'string', describe: 'the PNG (default <out>/diffusion/samples/<checkpoint folder>.png)' })
        .check((a) => {
          integerAtLeast('n', a.n, 1);
          if (!(Number.isInteger(a.zoom) && a.zoom >= 1 && a.zoom <= 32)) throw new Error(`--zoom must be an integer from 1 to 32; got ${a.zoom}`);
          if (a.output !== undefined) writableFilePath('output', a.output);
          return true;
        })
        .example('$0 sample --checkpoint results/diffusion/models/dimba-digits --prompt "a handwritten 7" --n 16 --steps 50 --guidance 3', 'one row of 16 sevens')
        .example('$0 sample --checkpoint results/diffusion/models/dimba-shapes --prompt "a red circle" --prompt "a blue square" --n 8 --zoom 4 --output shapes.png', 'two rows, four times the size'),
    async (a) => {
      const info = await initBackend(a.backend);
      console.log(info.message);
      const prompts = a.prompt.map(String);
      const output = a.output === undefined ? resolvePath(join(a.out, 'diffusion', 'samples', `${basename(resolvePath(a.checkpoint))}.png`)) : writableFilePath('output', a.output);
      await withSavedModel(a.checkpoint, async (saved) => {
        for (const note of promptNotes(prompts, saved.model.config.textEncoder.maxTokens)) console.log(note);
        const samples = await sampleImages(saved.model, prompts, { ...samplingOptions(a, saved), samplesPerPrompt: a.n });
        await writeImageGrid(output, samples, { columns: a.n, scale: a.zoom });
        console.log(`wrote ${output}: ${prompts.length} prompt${prompts.length === 1 ? '' : 's'} × ${a.n} images of ${samples.height}×${samples.width}, one row per prompt:`);
        prompts.forEach((prompt, i) => console.log(`  row ${i + 1}: ${promptLabel(prompt)}`));
        console.log(`${samples.msPerImage.toFixed(1)} ms per image (${samplingSummary(a)}; ${info.backend})`);
      });
    },
  );
}
