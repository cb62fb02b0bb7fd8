import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';
import { ArgumentError } from '../ops/arg-checker.js';
import { selectiveScan } from '../ops/selective-scan.js';

async function scanRuns(): Promise<void> {
  const { y } = selectiveScan({ u: tf.ones([1, 3, 2]), delta: tf.zeros([1, 3, 2]), A: tf.fill([2, 2], -1), B: tf.ones([1, 3, 2]), C: tf.ones([1, 3, 2]) });
  expect(Array.from(await y.data()).every(Number.isFinite)).toBe(true);
}

describe('initBackend', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`loads ${name} and says so in one line`, async () => {
      const info = await initBackend(name);
      expect(info).toMatchObject({ requested: name, backend: name, fellBack: false });
      expect(tf.getBackend()).toBe(name);
      expect(info.message).toMatch(new RegExp(`^backend: ${name}, .*\\(requested\\)$`));
      expect(info.message).not.toContain('\n');
      await scanRuns();
    });
  }

  it('tensorflow: loads libtensorflow, or falls back with one line saying why', async () => {
    const info = await initBackend('tensorflow');
    expect(info.message).not.toContain('\n');
    if (info.backend === 'tensorflow') {
      expect(info.fellBack).toBe(false);
    } else {
      expect(info).toMatchObject({ requested: 'tensorflow', backend: 'wasm', fellBack: true });
      expect(info.message).toMatch(/^backend: wasm, .*requested tensorflow could not load \(.*@tensorflow\/tfjs-node.*\); using wasm instead\)$/);
    }
    await scanRuns();
  });

  it('auto picks a backend and explains what it skipped', async () => {
    const info = await initBackend('auto');
    expect(info.requested).toBe('auto');
    expect(info.message).toMatch(/^backend: (tensorflow|webgpu|wasm|cpu), .*\(auto/);
    expect(info.message).not.toContain('\n');
    if (info.backend === 'webgpu') expect(info.adapter?.software).toBe(false);
    await scanRuns();
  });

  it('rejects an unknown backend name, naming the argument and the choices', async () => {
    await expect(initBackend('metal' as never)).rejects.toThrow(ArgumentError);
    await expect(initBackend('metal' as never)).rejects.toThrow(
      /^initBackend: argument 'name' must be one of auto, tensorflow, webgpu, wasm, cpu; got "metal"$/,
    );
  });
});
