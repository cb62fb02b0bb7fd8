import type * as tf from '@tensorflow/tfjs';

function shapeText(shape: number[]): string {
  return `[${shape.join(',')}]`;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

/** Every way `loaded` fails to match `params`, each as one sentence naming the tensor. */
function mismatches(loaded: Record<string, tf.Tensor>, params: Map<string, tf.Variable>): string[] {
  const problems: string[] = [];
  for (const [name, variable] of params) {
    const tensor = Object.hasOwn(loaded, name) ? loaded[name] : undefined;
    if (tensor === undefined) {
      problems.push(`missing tensor '${name}' (shape ${shapeText(variable.shape)}) that the model expects`);
    } else if (!sameShape(tensor.shape, variable.shape)) {
      problems.push(
        `tensor '${name}' has shape ${shapeText(tensor.shape)}, the model expects ${shapeText(variable.shape)}`,
      );
    } else if (tensor.dtype !== variable.dtype) {
      problems.push(`tensor '${name}' has dtype ${tensor.dtype}, the model expects ${variable.dtype}`);
    }
  }
  for (const name of Object.keys(loaded).sort()) {
    if (!params.has(name)) problems.push(`unexpected tensor '${name}' that the model does not have`);
  }
  return problems;
}

/**
 * Copies checkpoint tensors into the model's variables. Names, shapes and dtypes must match exactly; all
 * are checked before anything is assigned, so a failed load leaves the model unchanged. `loaded` stays
 * owned by the caller. One error lists every mismatch, one per line.
 */
export function assignCheckpoint(
  source: string,
  loaded: Record<string, tf.Tensor>,
  params: Map<string, tf.Variable>,
): void {
  const problems = mismatches(loaded, params);
  if (problems.length > 0) {
    throw new Error(problems.map((problem) => `checkpoint ${source}: ${problem}`).join('\n'));
  }
  for (const [name, variable] of params) variable.assign(loaded[name] as tf.Tensor);
}
