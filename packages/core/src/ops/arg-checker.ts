import * as tf from '@tensorflow/tfjs';
import { canReadSync } from '../util/can-read-sync.js';

/** A dimension pattern such as `['b', 'l', 'd']`; each letter names one size. */
export type DimPattern = readonly string[];

/** Thrown for every invalid argument of a public op; the message names the op and the argument. */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function formatPattern(pattern: DimPattern): string {
  return `[${pattern.join(',')}]`;
}

/**
 * Validates the tensor arguments of one op call against named dimension patterns.
 * The first argument that mentions a dimension binds its size; every later one must agree,
 * and the error says which argument fixed the size.
 */
export class ArgChecker {
  private readonly sizes = new Map<string, { size: number; from: string }>();

  constructor(readonly opName: string) {}

  fail(message: string): never {
    throw new ArgumentError(`${this.opName}: ${message}`);
  }

  /** Size bound to a dimension letter so far. */
  dim(letter: string): number {
    const bound = this.sizes.get(letter);
    if (bound === undefined) this.fail(`internal: dimension '${letter}' is not bound yet`);
    return bound.size;
  }

  /** Checks a required float32 tensor against one or more alternative patterns; returns the one matched. */
  tensor(argName: string, value: unknown, ...patterns: DimPattern[]): DimPattern {
    if (!(value instanceof tf.Tensor)) {
      const actual = value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : typeof value;
      this.fail(`argument '${argName}' must be a tf.Tensor of shape ${patterns.map(formatPattern).join(' or ')}; got ${actual}`);
    }
    if (value.dtype !== 'float32') {
      this.fail(`argument '${argName}' must have dtype float32; got ${value.dtype}`);
    }
    const pattern = patterns.find((p) => p.length === value.rank);
    if (pattern === undefined) {
      const expected = patterns.map((p) => `rank ${p.length} ${formatPattern(p)}`).join(' or ');
      this.fail(`argument '${argName}' must have ${expected}; got rank ${value.rank} ${formatShape(value.shape)}`);
    }
    pattern.forEach((letter, axis) => {
      const size = value.shape[axis] as number;
      const bound = this.sizes.get(letter);
      if (bound === undefined) {
        if (!(size >= 1)) {
          this.fail(`argument '${argName}' ${formatPattern(pattern)} has ${letter}=${size}; every dimension must be at least 1`);
        }
        this.sizes.set(letter, { size, from: argName });
      } else if (bound.size !== size) {
        const expected = pattern.map((l) => this.sizes.get(l)?.size ?? l);
        this.fail(
          `argument '${argName}' must have shape ${formatPattern(pattern)} = ${formatShape(expected as number[])}; ` +
            `got ${formatShape(value.shape)} (${letter}=${bound.size} from '${bound.from}')`,
        );
      }
    });
    return pattern;
  }

  /** Like `tensor`, but `undefined` is allowed. */
  optionalTensor(argName: string, value: unknown, ...patterns: DimPattern[]): void {
    if (value !== undefined) this.tensor(argName, value, ...patterns);
  }

  /** Requires dimension `whole` to be a multiple of dimension `part`. */
  divisible(whole: string, part: string, meaning: string): void {
    const w = this.sizes.get(whole);
    const p = this.sizes.get(part);
    if (w !== undefined && p !== undefined && w.size % p.size !== 0) {
      this.fail(`${whole}=${w.size} (from '${w.from}') must be divisible by ${meaning} ${part}=${p.size} (from '${p.from}')`);
    }
  }

  /** Requires a tensor's values to be finite, where the backend can read them synchronously. */
  finite(argName: string, value: tf.Tensor | undefined): void {
    if (value === undefined || !canReadSync()) return;
    const values = value.dataSync();
    const index = values.findIndex((v) => !Number.isFinite(v));
    if (index >= 0) this.fail(`argument '${argName}' must be finite; element ${index} is ${values[index]}`);
  }

  boolean(argName: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'boolean') {
      this.fail(`option '${argName}' must be a boolean; got ${JSON.stringify(value)}`);
    }
  }

  positiveInteger(argName: string, value: unknown): void {
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
      this.fail(`option '${argName}' must be a positive integer; got ${JSON.stringify(value)}`);
    }
  }

  oneOf<T extends string>(argName: string, value: unknown, allowed: readonly T[]): void {
    if (value !== undefined && !allowed.includes(value as T)) {
      this.fail(`option '${argName}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(value)}`);
    }
  }
}
