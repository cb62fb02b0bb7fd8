import { parsePattern, solveWidth } from '@hybridssm/core';
import type { BackboneConfig, BackboneKind } from './backbone-config.js';
import { mambaBlockCount, mlpHidden } from './backbone-config.js';
import { TIMESTEP_FREQUENCIES } from './timestep-embedding.js';

/** A Linear layer with bias. */
const linear = (inFeatures: number, outFeatures: number) => inFeatures * outFeatures + outFeatures;

/** One Mamba mixer's parameters (core's closed form). */
function mambaParameters(config: BackboneConfig): number {
  const kind = parsePattern('m')[0];
  if (kind?.parameterCount === undefined) throw new Error("internal: core's Mamba block ('m') has no closed-form parameter count");
  return kind.parameterCount(config.hidden, { mamba: config.mamba });
}

/**
 * Closed-form parameter count of `new DiffusionBackbone(config)` (no tensors are made), for matching
 * model sizes and for the paper-scale presets.
 */
export function backboneParameterCount(config: BackboneConfig): number {
  const { hidden: h, patch: p, channels: c, textDim, textTokens, depth } = config;
  const pixels = p * p * c;
  const attention = 4 * linear(h, h);
  const crossAttentionAndMlp = attention + linear(h, mlpHidden(config)) + linear(mlpHidden(config), h);
  const biMamba = 2 * mambaParameters(config);
  const table = 6 * h;
  const embedders =
    linear(pixels, h) + // patch embedding
    linear(TIMESTEP_FREQUENCIES, h) + linear(h, h) + // timestep embedder
    linear(textDim, h) + linear(h, h) + textTokens * textDim + // caption projection, null caption
    2 * h + linear(h, pixels); // final layer
  const tBlock = linear(h, 6 * h);
  switch (config.kind) {
    case 'dimba':
      return embedders + tBlock + depth * (attention + crossAttentionAndMlp + table) + mambaBlockCount(config) * (h + biMamba);
    case 'dit':
      return embedders + depth * (attention + crossAttentionAndMlp + linear(h, 6 * h));
    case 'dim':
      return embedders + tBlock + depth * (biMamba + crossAttentionAndMlp + table);
  }
}

const greatestCommonDivisor = (a: number, b: number): number => (b === 0 ? a : greatestCommonDivisor(b, a % b));

/**
 * `reference` as a `kind` backbone of about the same parameter count: same depth, heads and everything
 * else, width solved (core's solveWidth) over multiples of 4 and of heads.
 */
export function matchParameterCount(reference: BackboneConfig, kind: BackboneKind): BackboneConfig {
  const multipleOf = (4 * reference.heads) / greatestCommonDivisor(4, reference.heads);
  const count = (hidden: number) => backboneParameterCount({ ...reference, kind, hidden });
  const { width } = solveWidth(backboneParameterCount(reference), count, { multipleOf });
  return { ...reference, kind, hidden: width };
}
