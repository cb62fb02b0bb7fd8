import type { ScanKernels } from './scan-kernels-module.js';

const ALIGN = 16; // one v128

/**
 * One call of a wasm scan kernel: places the argument block and the arrays in the module's linear
 * memory from its heap base (16-byte aligned; the next call reuses the space), grows the memory to fit,
 * and writes the block — sizes and array offsets in `fields` order — when run.
 */
export class KernelCall<Field extends string> {
  private readonly argsOffset: number;
  private readonly arrays = new Map<Field, { offset: number; length: number }>();

  constructor(
    private readonly kernels: ScanKernels,
    private readonly fields: readonly Field[],
    private readonly sizes: Partial<Record<Field, number>>,
    lengths: Partial<Record<Field, number>>,
  ) {
    let end = kernels.heapBase();
    const take = (bytes: number) => {
      const offset = Math.ceil(end / ALIGN) * ALIGN;
      end = offset + bytes;
      return offset;
    };
    this.argsOffset = take(4 * fields.length);
    for (const [name, length] of Object.entries(lengths) as Array<[Field, number]>) {
      this.arrays.set(name, { offset: take(4 * length), length });
    }
    const missing = end - kernels.memory.buffer.byteLength;
    if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
  }

  /** The float32 array placed for `name` (valid until the next call). */
  view(name: Field): Float32Array {
    const array = this.arrays.get(name);
    if (array === undefined) throw new Error(`kernel call has no array '${name}'`);
    return new Float32Array(this.kernels.memory.buffer, array.offset, array.length);
  }

  /** Writes the argument block and runs `kernel` on it. */
  run(kernel: (args: number) => void): void {
    const block = new Uint32Array(this.kernels.memory.buffer, this.argsOffset, this.fields.length);
    this.fields.forEach((field, i) => (block[i] = this.arrays.get(field)?.offset ?? this.sizes[field] ?? 0));
    kernel(this.argsOffset);
  }
}
