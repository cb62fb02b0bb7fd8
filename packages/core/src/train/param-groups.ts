import type * as tf from '@tensorflow/tfjs';

/** Assigns optimizer hyper-parameters to the parameters it matches. */
export interface ParamGroupRule {
  /** first matching rule wins */
  match: (name: string, variable: tf.Variable) => boolean;
  weightDecay?: number;
  /** multiplies the learning rate */
  lrScale?: number;
}

/** Parameters the Mamba reference code marks `_no_weight_decay` (mamba_ssm/modules/mamba_simple.py). */
const NO_DECAY_LAST_SEGMENTS = new Set(['A_log', 'D', 'dt_bias']);

/**
 * Whether a parameter is excluded from weight decay: vectors and scalars (norm weights, biases),
 * normalization parameters, and the SSM parameters A_log, D and dt_bias,
 * following the Mamba and Megatron-LM reference training code.
 */
export function isNoDecayParameter(name: string, variable: tf.Variable): boolean {
  if (variable.rank < 2) return true;
  const lastSegment = name.slice(name.lastIndexOf('.') + 1);
  return NO_DECAY_LAST_SEGMENTS.has(lastSegment) || name.includes('norm');
}

export const noDecayRule: ParamGroupRule = { match: isNoDecayParameter, weightDecay: 0 };
