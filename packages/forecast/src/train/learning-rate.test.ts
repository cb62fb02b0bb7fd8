import { describe, expect, it } from 'vitest';
import { learningRateOfEpoch } from './learning-rate.js';

/** The official loop, transcribed: train an epoch at the optimizer's lr, then adjust_learning_rate(optimizer, epoch + 1) with type1. */
function officialEpochRates(lr: number, epochs: number): number[] {
  const rates: number[] = [];
  let current = lr;
  for (let epoch = 0; epoch < epochs; epoch++) {
    rates.push(current);
    const adjusted = epoch + 1; // adjust_learning_rate(model_optim, epoch + 1, args)
    current = lr * 0.5 ** Math.floor((adjusted - 1) / 1); // type1: lr * (0.5 ** ((epoch - 1) // 1))
  }
  return rates;
}

describe('learningRateOfEpoch', () => {
  it('runs epochs 0 and 1 at lr and halves from the third epoch, as exp_main.py + lradj type1', () => {
    const rates = Array.from({ length: 5 }, (_, epoch) => learningRateOfEpoch(1e-4, epoch));
    expect(rates).toEqual([1e-4, 1e-4, 5e-5, 2.5e-5, 1.25e-5]);
    expect(rates).toEqual(officialEpochRates(1e-4, 5));
  });

  it('rejects a negative or fractional epoch and a non-positive lr', () => {
    expect(() => learningRateOfEpoch(1e-4, -1)).toThrow(/epoch/);
    expect(() => learningRateOfEpoch(1e-4, 1.5)).toThrow(/epoch/);
    expect(() => learningRateOfEpoch(0, 0)).toThrow(/initialLearningRate/);
  });
});
