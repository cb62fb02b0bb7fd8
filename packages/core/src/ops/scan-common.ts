import * as tf from '@tensorflow/tfjs';

/** dt = softplus(raw + bias), or raw + bias when softplus is off. `bias` broadcasts over the last axis. */
export function discretizeStep(raw: tf.Tensor, bias: tf.Tensor | undefined, softplus: boolean): tf.Tensor {
  const shifted = bias === undefined ? raw : tf.add(raw, bias);
  return softplus ? tf.softplus(shifted) : shifted;
}

/** Ungrouped B/C (one rank less than the grouped form, e.g. [b,l,n]) as a single group ([b,l,1,n]). */
export function asGroups(t: tf.Tensor, groupedRank: number): tf.Tensor {
  return t.rank === groupedRank - 1 ? tf.expandDims(t, -2) : t;
}

/**
 * Expands grouped B/C to one row per channel (or head): axis -2 of size g becomes g*r,
 * each group repeated r times consecutively, so channel c reads group floor(c / r)
 * (the grouping of the reference `repeat(B, "b g n l -> b (g h) n l")`).
 */
export function expandGroups(grouped: tf.Tensor, repeats: number): tf.Tensor {
  if (repeats === 1) return grouped;
  const shape = grouped.shape;
  const g = shape[shape.length - 2] as number;
  const n = shape[shape.length - 1] as number;
  const lead = shape.slice(0, -2);
  const rows = lead.reduce((a, b) => a * b, 1);
  // A broadcasting multiply at rank 4: tfjs has no Tile gradient above rank 4, and WebGPU
  // kernels are generated for ranks up to 4 only.
  const repeated = tf.mul(tf.reshape(grouped, [rows, g, 1, n]), tf.ones([1, 1, repeats, 1]));
  return tf.reshape(repeated, [...lead, g * repeats, n]);
}

/** Adds the skip term D*x and applies the output gate silu(z): y = (y + D x) * z * sigmoid(z). */
export function skipAndGate(y: tf.Tensor, x: tf.Tensor, D: tf.Tensor | undefined, z: tf.Tensor | undefined): tf.Tensor {
  let out = D === undefined ? y : tf.add(y, tf.mul(x, D));
  if (z !== undefined) out = tf.mul(out, tf.mul(z, tf.sigmoid(z)));
  return out;
}

/** Pads axis 1 (time) at the end with zeros up to `length`. */
export function padTime(t: tf.Tensor, length: number): tf.Tensor {
  const extra = length - (t.shape[1] as number);
  if (extra === 0) return t;
  const paddings = t.shape.map((_, axis) => (axis === 1 ? [0, extra] : [0, 0])) as Array<[number, number]>;
  return tf.pad(t, paddings);
}

/** Shifts along `axis` by `k` positions towards the end, filling the front with `fill`. */
export function shiftForward(t: tf.Tensor, axis: number, k: number, fill: number): tf.Tensor {
  const shape = t.shape.slice();
  const size = shape[axis] as number;
  const front = tf.fill(shape.map((s, a) => (a === axis ? k : s)), fill);
  const begin = shape.map(() => 0);
  const kept = tf.slice(t, begin, shape.map((s, a) => (a === axis ? size - k : s)));
  return tf.concat([front, kept], axis);
}

/**
 * tf.unstack that also differentiates when the axis has size 1 (tfjs's Unpack gradient
 * expects a list of cotangents, but receives a lone tensor for a single output).
 */
export function unstackAxis(t: tf.Tensor, axis: number): tf.Tensor[] {
  return t.shape[axis] === 1 ? [tf.squeeze(t, [axis])] : tf.unstack(t, axis);
}
