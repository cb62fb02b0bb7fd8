import { describe, expect, it } from 'vitest';
import { fitForBackend, largestActivationBytes, settingsFor } from './forecast-scale.js';
import { PAPER } from './scales.js';

describe('fitForBackend', () => {
  const paperFit = settingsFor(PAPER, 'ETTh1').fit;
  const etth1 = { seqLen: 192, labelLen: 192, predLen: 96, channels: 7 };

  it('keeps the scale micro-batches on the wasm heap and the JS cpu backend', () => {
    expect(fitForBackend(paperFit, 'wasm')).toEqual(paperFit);
    expect(fitForBackend(paperFit, 'cpu', { windowBytes: 1, bindingLimit: 2 ** 31 }).microBatchSize).toBe(16);
  });

  it('runs whole batches on native TensorFlow and on a GPU whose bindings hold them, the rest of the fit unchanged', () => {
    const roomy = { windowBytes: largestActivationBytes(PAPER.model, etth1), bindingLimit: 2 ** 31 };
    for (const fit of [fitForBackend(paperFit, 'tensorflow'), fitForBackend(paperFit, 'webgpu', roomy)]) {
      expect(fit.microBatchSize).toBeUndefined();
      expect({ ...fit, microBatchSize: 16 }).toEqual(paperFit);
    }
    expect(paperFit.microBatchSize).toBe(16);
  });

  it("on webgpu, passes of the largest divisor of the batch that fits one binding (lavapipe's 128 MiB: 32 of 128 paper windows)", () => {
    // the paper Transformer's attention scores: 8 heads x 288 x 288 float32 per ETTh1-96 window
    expect(largestActivationBytes(PAPER.model, etth1)).toBe(4 * 8 * 288 * 288);
    const lavapipe = { windowBytes: largestActivationBytes(PAPER.model, etth1), bindingLimit: 134217728 };
    expect(fitForBackend(paperFit, 'webgpu', lavapipe).microBatchSize).toBe(32);
    expect(fitForBackend({ ...paperFit, batchSize: 96 }, 'webgpu', lavapipe).microBatchSize).toBe(48);
    expect(fitForBackend(paperFit, 'webgpu', { windowBytes: 2 ** 30, bindingLimit: 2 ** 27 }).microBatchSize).toBe(1);
  });

  it('counts every channel of a window as a series when the model is channel-independent', () => {
    const ci = { ...PAPER.model, channelIndependent: true };
    expect(largestActivationBytes(ci, etth1)).toBe(7 * largestActivationBytes(PAPER.model, etth1));
  });
});
