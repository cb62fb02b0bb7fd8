import { describe, expect, it } from 'vitest';
import { lradjType1, warmupCosine } from './lr-schedule.js';

describe('warmupCosine', () => {
  const config = { peakLearningRate: 1e-3, minLearningRate: 1e-5, warmupSteps: 10, totalSteps: 110 };
  const lr = warmupCosine(config);

  it('warms up linearly from peak/warmupSteps to peak', () => {
    expect(lr(0)).toBeCloseTo(1e-4, 15);
    expect(lr(4)).toBeCloseTo(5e-4, 15);
    expect(lr(9)).toBeCloseTo(1e-3, 15);
    for (let step = 1; step < 10; step++) expect(lr(step)).toBeGreaterThan(lr(step - 1));
  });

  it('decays along a cosine from peak to min', () => {
    expect(lr(10)).toBeCloseTo(1e-3, 15);
    expect(lr(60)).toBeCloseTo(1e-5 + 0.5 * (1e-3 - 1e-5), 15);
    expect(lr(35)).toBeCloseTo(1e-5 + 0.5 * (1e-3 - 1e-5) * (1 + Math.SQRT1_2), 15);
    for (let step = 11; step <= 110; step++) expect(lr(step)).toBeLessThan(lr(step - 1));
  });

  it('ends at min and stays there', () => {
    expect(lr(110)).toBeCloseTo(1e-5, 15);
    expect(lr(5000)).toBeCloseTo(1e-5, 15);
    expect(warmupCosine({ peakLearningRate: 2, warmupSteps: 1, totalSteps: 3 })(3)).toBe(0);
  });

  it('starts at peak without warmup, and holds min when warmup fills the run', () => {
    expect(warmupCosine({ peakLearningRate: 0.5, warmupSteps: 0, totalSteps: 4 })(0)).toBe(0.5);
    const allWarmup = warmupCosine({ peakLearningRate: 0.5, minLearningRate: 0.1, warmupSteps: 4, totalSteps: 4 });
    expect(allWarmup(3)).toBe(0.5);
    expect(allWarmup(4)).toBe(0.1);
  });

  it('validates the config with errors naming the field', () => {
    expect(() => warmupCosine({ ...config, peakLearningRate: 0 })).toThrow(/peakLearningRate/);
    expect(() => warmupCosine({ ...config, minLearningRate: -1 })).toThrow(/minLearningRate/);
    expect(() => warmupCosine({ ...config, minLearningRate: 1 })).toThrow(/minLearningRate/);
    expect(() => warmupCosine({ ...config, warmupSteps: -1 })).toThrow(/warmupSteps/);
    expect(() => warmupCosine({ ...config, warmupSteps: 2.5 })).toThrow(/warmupSteps/);
    expect(() => warmupCosine({ ...config, totalSteps: 0 })).toThrow(/totalSteps/);
    expect(() => warmupCosine({ ...config, warmupSteps: 200 })).toThrow(/warmupSteps.*totalSteps/);
    expect(() => lr(-1)).toThrow(/step/);
  });
});

describe('lradjType1', () => {
  it('halves the learning rate every epoch starting at epoch 1', () => {
    const lr = lradjType1(1e-4);
    expect(lr(1)).toBe(1e-4);
    expect(lr(2)).toBe(5e-5);
    expect(lr(3)).toBe(2.5e-5);
    expect(lr(10)).toBeCloseTo(1e-4 / 512, 18);
  });

  it('validates its arguments by name', () => {
    expect(() => lradjType1(0)).toThrow(/initialLearningRate/);
    expect(() => lradjType1(1e-4)(0)).toThrow(/epoch/);
  });
});
