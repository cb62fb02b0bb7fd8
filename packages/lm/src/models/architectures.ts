import { ArgumentError, parsePattern } from '@hybridssm/core';

/** The model families compared by Waleffe et al. (2024), each a layer pattern of core's HybridStack. */
export const ARCHITECTURES = ['transformer', 'mamba', 'mamba2', 'mamba2-hybrid'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** The paper's recipe: about 8% attention layers and half MLP layers (Megatron-LM examples/mamba). */
export const HYBRID_ATTENTION_RATIO = 0.08;
export const HYBRID_MLP_RATIO = 0.5;

/**
 * Megatron-LM's hybrid layer allocation (`allocate_layers` in mamba_hybrid_layer_allocation.py, what
 * `--hybrid-attention-ratio` / `--hybrid-mlp-ratio` do): attention layers spread evenly between equal
 * runs of Mamba layers (so none first), then MLP layers spread evenly among the Mamba positions. With 56
 * layers, 0.08 and 0.5 this gives the 8B Mamba-2-Hybrid's pattern (tested). Unlike Megatron, a small
 * model keeps one attention layer: a hybrid without attention would be pure Mamba-2 with MLPs.
 */
export function hybridPattern(layers: number, attentionRatio = HYBRID_ATTENTION_RATIO, mlpRatio = HYBRID_MLP_RATIO): string {
  if (!(Number.isInteger(layers) && layers >= 1)) throw new ArgumentError(`hybridPattern: 'layers' must be a positive integer; got ${layers}`);
  for (const [name, ratio] of [['attentionRatio', attentionRatio], ['mlpRatio', mlpRatio]] as const) {
    if (!(ratio >= 0 && ratio <= 1)) throw new ArgumentError(`hybridPattern: '${name}' must be in [0, 1]; got ${ratio}`);
  }
  const kinds: string[] = new Array<string>(layers).fill('M');
  // at least one attention layer when asked for any: below 7 layers 8% rounds to none
  const attention = attentionRatio > 0 ? Math.max(1, Math.round(layers * attentionRatio)) : 0;
  let mamba = layers - attention;
  const section = mamba / (attention + 1);
  let x = section;
  for (let i = 0; i < layers; i++) {
    if (x < 0.5) {
      kinds[i] = '*';
      x += section;
    } else x -= 1;
  }
  const mlp = Math.round(layers * mlpRatio);
  if (mlp > 0) {
    mamba -= mlp;
    const perMlp = mamba / mlp;
    x = perMlp;
    for (let i = 0; i < layers; i++) {
      if (kinds[i] !== 'M') continue;
      if (x < 0.5) {
        kinds[i] = '-';
        x += perMlp;
      } else x -= 1;
    }
  }
  return kinds.join('');
}

/**
 * The layer pattern of an architecture with `layers` pattern characters: a Transformer alternates
 * attention and MLP (`*-`), pure Mamba and Mamba-2 stack their mixer only (as in the Mamba papers), the
 * hybrid follows the paper's recipe.
 */
export function architecturePattern(architecture: Architecture, layers: number): string {
  if (!(Number.isInteger(layers) && layers >= 1)) throw new ArgumentError(`architecturePattern: 'layers' must be a positive integer; got ${layers}`);
  switch (architecture) {
    case 'transformer':
      if (layers % 2 !== 0) throw new ArgumentError(`architecturePattern: a transformer alternates attention and MLP, so 'layers' must be even; got ${layers}`);
      return '*-'.repeat(layers / 2);
    case 'mamba':
      return 'm'.repeat(layers);
    case 'mamba2':
      return 'M'.repeat(layers);
    case 'mamba2-hybrid':
      return hybridPattern(layers);
    default:
      throw new ArgumentError(`architecture must be one of ${ARCHITECTURES.join(', ')}; got ${JSON.stringify(architecture)}`);
  }
}

/** Checks a user's `--architecture`. */
export function parseArchitecture(value: string): Architecture {
  if ((ARCHITECTURES as readonly string[]).includes(value)) return value as Architecture;
  throw new ArgumentError(`architecture must be one of ${ARCHITECTURES.join(', ')}; got ${JSON.stringify(value)}`);
}

/** Checks a user's `--pattern` against core's layer language (M, m, *, -), with its error for an unknown character. */
export function checkPattern(pattern: string): string {
  if (pattern.length === 0) throw new ArgumentError('pattern must have at least one layer character; got ""');
  parsePattern(pattern);
  return pattern;
}
