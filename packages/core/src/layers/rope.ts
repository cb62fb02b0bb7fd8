import * as tf from '@tensorflow/tfjs';

/**
 * Rotary position embedding (Su et al. 2021) in the rotate-half layout of GPT-NeoX / LLaMA:
 * x·cos(θ_p) + rotate_half(x)·sin(θ_p), θ_{p,i} = p · base^(−2i/d) for the two halves of the head.
 * x [b,h,l,d] at positions offset … offset+l−1.
 */
export function applyRope(x: tf.Tensor, offset: number, base: number): tf.Tensor {
  return tf.tidy(() => {
    const [, , l, d] = x.shape as [number, number, number, number];
    const half = d / 2;
    const angles = new Float32Array(l * d);
    for (let p = 0; p < l; p++) {
      for (let i = 0; i < half; i++) {
        const theta = (offset + p) * Math.pow(base, (-2 * i) / d);
        angles[p * d + i] = theta;
        angles[p * d + i + half] = theta;
      }
    }
    const theta = tf.tensor2d(angles, [l, d]);
    const [x1, x2] = tf.split(x, 2, 3) as [tf.Tensor, tf.Tensor];
    const rotated = tf.concat([tf.neg(x2), x1], 3);
    return tf.add(tf.mul(x, tf.cos(theta)), tf.mul(rotated, tf.sin(theta)));
  });
}
