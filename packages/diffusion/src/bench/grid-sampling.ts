import { sampleImages } from '../sample/sample-images.js';
import type { BackboneConfig } from '../models/backbone-config.js';
import { backboneParameterCount } from '../models/parameter-count.js';
import { digitPrompts, untrainedModel } from './bench-models.js';
import { BENCH_GUIDANCE, guidedEvaluation, interleavedTimes, median } from './guided-evaluation.js';

/** An end-to-end sampling run: `images` prompts, one image each, `side`² pixels, DDIM (η = 0) with `steps` steps. */
export interface GridSpec {
  images: number;
  side: number;
  steps: number;
}

/** The issue's grid: 16 images of 28×28 by DDIM at 50 steps. */
export const ISSUE_GRID: GridSpec = { images: 16, side: 28, steps: 50 };

export interface GridTiming extends GridSpec {
  kind: BackboneConfig['kind'];
  parameters: number;
  guidance: number;
  /** wall time of the whole sampleImages call: prompt encoding, every step, read-back */
  totalMs: number;
  /** as sampleImages reports it: totalMs / images */
  msPerImage: number;
  /** median ms of one guided evaluation at the grid's batch and side, timed separately */
  evaluationMs: number;
  /** steps × evaluationMs / images: what the resolution rows' derivation predicts for this run */
  derivedMsPerImage: number;
}

/**
 * Times one real `sampleImages` run of `spec` from an untrained, seeded model around `backbone`
 * (guidance BENCH_GUIDANCE, seed 0), then the guided evaluation at the same shape (`repeats` timed
 * after a warm-up), so that the derived ms per image can be checked against a measured run.
 */
export async function timeGridSampling(backbone: BackboneConfig, spec: GridSpec, repeats: number): Promise<GridTiming> {
  const model = untrainedModel(backbone, 0);
  try {
    const started = performance.now();
    const sampled = await sampleImages(model, digitPrompts(spec.images), { sampler: 'ddim', steps: spec.steps, guidance: BENCH_GUIDANCE, seed: 0, height: spec.side, width: spec.side });
    const totalMs = performance.now() - started;
    const evaluation = guidedEvaluation(model, spec.images, spec.side, 1);
    let evaluationMs: number;
    try {
      const [times = []] = await interleavedTimes([() => evaluation.run()], repeats);
      evaluationMs = median(times);
    } finally {
      evaluation.dispose();
    }
    return {
      ...spec,
      kind: backbone.kind,
      parameters: backboneParameterCount(backbone),
      guidance: BENCH_GUIDANCE,
      totalMs,
      msPerImage: sampled.msPerImage,
      evaluationMs,
      derivedMsPerImage: (spec.steps * evaluationMs) / spec.images,
    };
  } finally {
    model.dispose();
  }
}
