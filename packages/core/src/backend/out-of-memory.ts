/** What WebAssembly reports when tfjs-backend-wasm's heap is exhausted: an aborted allocation, or a kernel left pointing outside the heap. */
const HEAP_EXHAUSTED = ['memory access out of bounds', 'Aborted(', 'table index is out of bounds'];

/**
 * tfjs-backend-wasm's heap cannot grow past 4 GiB, and some kernels fail past 2 GiB (their pointers
 * overflow). Out of heap, an allocation aborts (`Aborted()`) or a kernel traps ("memory access out of
 * bounds", "table index is out of bounds"). Those messages name no cause, so command lines print this one
 * instead; other errors give undefined.
 */
export function explainOutOfMemory(error: unknown): string | undefined {
  const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly;
  if (!(error instanceof RuntimeError)) return undefined;
  const reported = HEAP_EXHAUSTED.find((text) => error.message.includes(text));
  if (reported === undefined) return undefined;
  return (
    `the wasm backend ran out of memory (tfjs-backend-wasm's heap: kernels can fail past 2 GiB, it cannot grow past 4 GiB; WebAssembly reported '${reported === 'Aborted(' ? 'Aborted()' : reported}'): ` +
    "recompute activations in the backward (HybridStack's checkpoint option), run fewer samples per forward/backward pass " +
    '(a smaller batch, or micro-batches where the command has them) or a smaller scale'
  );
}
