/**
 * tfjs-backend-wasm addresses 2 GiB of heap; past that its allocator's pointers overflow and a kernel
 * fails with WebAssembly's "memory access out of bounds". That message names no cause, so command
 * lines print this one instead; other errors give undefined.
 */
export function explainOutOfMemory(error: unknown): string | undefined {
  const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly;
  if (!(error instanceof RuntimeError) || !error.message.includes('memory access out of bounds')) return undefined;
  return (
    "the wasm backend ran out of memory (tfjs-backend-wasm's heap holds 2 GiB; WebAssembly reported 'memory access out of bounds'): " +
    'run fewer samples per forward/backward pass (a smaller batch, or micro-batches where the command has them) or a smaller scale'
  );
}
