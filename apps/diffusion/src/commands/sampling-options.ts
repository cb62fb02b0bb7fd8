import type { Argv } from 'yargs';
import { IMAGE_SAMPLERS } from '@hybridssm/diffusion';
import type { ImageSampler, SampleImagesOptions, SavedDiffusionModel } from '@hybridssm/diffusion';
import { integerAtLeast } from '@hybridssm/harness';

/** The sampler flags `sample` and `eval` share. */
export const withSampling = <T>(y: Argv<T>) =>
  y
    .option('steps', { type: 'number', default: 50, describe: 'sampling steps, 1 to the model\u2019s training steps T (1000)' })
    .option('guidance', { type: 'number', default: 3, describe: 'classifier-free guidance scale \u2265 0: 1 = the plain conditional model, 0 = unconditional' })
    .option('sampler', { choices: IMAGE_SAMPLERS, default: 'ddim' as ImageSampler, describe: 'ddim (deterministic at eta 0) or ddpm (ancestral; fewer steps than T respace it)' })
    .option('eta', { type: 'number', describe: 'ddim: noise of each step \u2265 0 (default 0; 1 = ddpm\u2019s)' })
    .check((a) => {
      integerAtLeast('steps', a.steps, 1);
      if (!(Number.isFinite(a.guidance) && a.guidance >= 0)) throw new Error(`--guidance must be a number \u2265 0; got ${a.guidance}`);
      if (a.eta !== undefined) {
        if (a.sampler !== 'ddim') throw new Error(`--eta goes with --sampler ddim; got --sampler ${a.sampler}`);
        if (!(Number.isFinite(a.eta) && a.eta >= 0)) throw new Error(`--eta must be a number \u2265 0; got ${a.eta}`);
      }
      return true;
    });

/** The sampler flags as read. */
export interface SamplingFlags {
  steps: number;
  guidance: number;
  sampler: ImageSampler;
  eta?: number | undefined;
  seed: number;
}

/** sampleImages's options for a saved model, from its EMA; --steps beyond the model's T is an error naming the flag. */
export function samplingOptions(flags: SamplingFlags, saved: SavedDiffusionModel): SampleImagesOptions {
  const trainingSteps = saved.model.schedule.steps;
  if (flags.steps > trainingSteps) throw new Error(`--steps must be at most the model's ${trainingSteps} training steps; got ${flags.steps}`);
  return {
    sampler: flags.sampler,
    steps: flags.steps,
    guidance: flags.guidance,
    seed: flags.seed,
    ema: saved.ema,
    ...(flags.eta === undefined ? {} : { eta: flags.eta }),
  };
}

/** How the images were sampled, for the output lines. */
export const samplingSummary = (flags: SamplingFlags) =>
  `${flags.sampler} ${flags.steps} step${flags.steps === 1 ? '' : 's'}${flags.eta === undefined ? '' : `, eta ${flags.eta}`}, guidance ${flags.guidance}, seed ${flags.seed}`;
