import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/random.js';

export interface GradientCheckResult {
  /** worst relative error |analytic − numeric| / max(|analytic|, |numeric|) over the directions tried */
  worst: number;
  checks: Array<{ direction: string; analytic: number; numeric: number }>;
}

/**
 * Finite-difference gradient check of a scalar loss with respect to `variables`, along directions
 * (the normalised gradient itself and two random unit directions): central differences
 * (f(w + εv) − f(w − εv)) / 2ε against the autodiff directional derivative ⟨∇f, v⟩. In float32 with
 * ε = 1e-2 the agreement expected of a correct gradient is about 1e-3; tests allow 2e-2.
 */
export async function gradientCheck(loss: () => tf.Scalar, variables: tf.Variable[], seed: number, epsilon = 1e-2): Promise<GradientCheckResult> {
  const rng = new Rng(seed);
  const { grads } = tf.variableGrads(loss, variables);
  const gradList = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  const unit = (parts: tf.Tensor[]) =>
    tf.tidy(() => {
      const norm = tf.sqrt(tf.addN(parts.map((p) => tf.sum(tf.square(p)))));
      return parts.map((p) => tf.div(p, tf.add(norm, 1e-30)));
    });
  const directions: Array<[string, tf.Tensor[]]> = [
    ['gradient', unit(gradList)],
    ['random 1', unit(variables.map((v) => rng.normalTensor(v.shape)))],
    ['random 2', unit(variables.map((v) => rng.normalTensor(v.shape)))],
  ];
  const originals = variables.map((v) => tf.clone(v));
  const evaluate = async (direction: tf.Tensor[], scale: number) => {
    variables.forEach((v, i) => v.assign(tf.tidy(() => tf.add(originals[i] as tf.Tensor, tf.mul(direction[i] as tf.Tensor, scale)))));
    const value = tf.tidy(loss);
    const result = (await value.data())[0] as number;
    value.dispose();
    return result;
  };
  const checks: GradientCheckResult['checks'] = [];
  for (const [name, direction] of directions) {
    const analyticTensor = tf.tidy(() => tf.addN(gradList.map((g, i) => tf.sum(tf.mul(g, direction[i] as tf.Tensor)))));
    const analytic = (await analyticTensor.data())[0] as number;
    analyticTensor.dispose();
    const numeric = ((await evaluate(direction, epsilon)) - (await evaluate(direction, -epsilon))) / (2 * epsilon);
    checks.push({ direction: name, analytic, numeric });
  }
  variables.forEach((v, i) => v.assign(originals[i] as tf.Tensor));
  tf.dispose([originals, gradList, directions.map(([, d]) => d), Object.values(grads)]);
  const worst = Math.max(...checks.map((c) => Math.abs(c.analytic - c.numeric) / Math.max(Math.abs(c.analytic), Math.abs(c.numeric), 1e-8)));
  return { worst, checks };
}
