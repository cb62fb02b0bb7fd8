import * as tf from '@tensorflow/tfjs';

/**
 * Gradients of the mean loss over the `passes` micro-batches of one update (`loss(pass)` each), keyed
 * by parameter name, and that mean loss: the update of one batch of `passes` times the micro-batch.
 */
export function accumulatedGradients(
  params: Map<string, tf.Variable>,
  passes: number,
  loss: (pass: number) => tf.Scalar,
): { loss: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const variables = [...params.values()];
  const names = new Map([...params].map(([name, v]) => [v.name, name]));
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    const sums: Record<string, tf.Tensor> = {};
    for (let pass = 0; pass < passes; pass++) {
      const { value, grads } = tf.variableGrads(() => tf.div(loss(pass), passes) as tf.Scalar, variables);
      total = tf.add(total, value);
      for (const [variableName, grad] of Object.entries(grads)) {
        const name = names.get(variableName) as string;
        sums[name] = sums[name] === undefined ? grad : tf.add(sums[name] as tf.Tensor, grad);
      }
    }
    return { loss: total, grads: sums };
  });
}
