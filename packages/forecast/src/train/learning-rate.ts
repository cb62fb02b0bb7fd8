import { lradjType1 } from '@hybridssm/core';

/**
 * The learning rate of 0-based epoch `epoch` in the official loop (XiongxiaoXu/Mambaformer-in-Time-Series
 * exp/exp_main.py, as Time-Series-Library's exp_long_term_forecasting): the optimizer starts at the initial
 * rate, and only after epoch e does it call `adjust_learning_rate(optimizer, e + 1, args)`, which sets
 * lradj type1 = lr · 0.5^((e + 1) − 1) (utils/tools.py) for the next epoch. So epochs 0 and 1 both run at
 * lr, and epoch e ≥ 1 at lr · 0.5^(e − 1).
 */
export function learningRateOfEpoch(initialLearningRate: number, epoch: number): number {
  const type1 = lradjType1(initialLearningRate);
  return epoch === 0 ? initialLearningRate : type1(epoch);
}
