import { describe, expect, it } from 'vitest';
import { explainOutOfMemory } from './out-of-memory.js';

const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } }).WebAssembly;

describe('explainOutOfMemory', () => {
  it("names the wasm heap for WebAssembly's out-of-bounds trap", () => {
    expect(explainOutOfMemory(new RuntimeError('memory access out of bounds'))).toMatch(/^the wasm backend ran out of memory .*2 GiB.*micro-batches/);
  });

  it('names the wasm heap for an aborted allocation and the trap that can follow one', () => {
    expect(explainOutOfMemory(new RuntimeError('Aborted(). Build with -sASSERTIONS for more info.'))).toMatch(/reported 'Aborted\(\)'.*checkpoint option/);
    expect(explainOutOfMemory(new RuntimeError('table index is out of bounds'))).toMatch(/^the wasm backend ran out of memory/);
  });

  it('leaves other errors alone', () => {
    expect(explainOutOfMemory(new RuntimeError('unreachable'))).toBeUndefined();
    expect(explainOutOfMemory(new Error('memory access out of bounds'))).toBeUndefined();
    expect(explainOutOfMemory('memory access out of bounds')).toBeUndefined();
  });
});
