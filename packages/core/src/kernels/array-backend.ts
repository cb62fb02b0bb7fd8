import type { TensorInfo } from '@tensorflow/tfjs';

/** The backend methods a typed-array kernel needs (KernelBackend's own; the cpu and wasm backends have them). */
export interface ArrayBackend {
  readSync(dataId: object): ArrayLike<number>;
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
}

/** A float32 output of a kernel, holding `values`. */
export function output(backend: ArrayBackend, shape: number[], values: Float32Array): TensorInfo {
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

/** The values of the named kernel inputs. */
export function readInputs<Name extends string>(
  backend: ArrayBackend,
  inputs: Record<string, TensorInfo>,
  names: readonly Name[],
): Record<Name, ArrayLike<number>> {
  return Object.fromEntries(names.map((name) => [name, backend.readSync((inputs[name] as TensorInfo).dataId)])) as Record<Name, ArrayLike<number>>;
}
