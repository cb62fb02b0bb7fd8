import { ArgumentError } from '@hybridssm/core';
import { describe, expect, it } from 'vitest';
import { noiseSchedule } from './schedules.js';
import type { ScheduleName } from './schedules.js';

const last = (values: Float64Array) => values[values.length - 1] as number;

describe('noiseSchedule', () => {
  it("linear T=1000 is DDPM's: β from 1e-4 to 0.02, ᾱ_T ≈ 4.04e-5", () => {
    const schedule = noiseSchedule('linear', 1000);
    expect(schedule.betas[0]).toBeCloseTo(1e-4, 12);
    expect(last(schedule.betas)).toBeCloseTo(0.02, 12);
    expect(schedule.betas[500]! - schedule.betas[499]!).toBeCloseTo((0.02 - 1e-4) / 999, 12);
    expect(last(schedule.alphasCumprod)).toBeCloseTo(4.0358e-5, 8);
  });

  it('linear scales both ends by 1000 / T', () => {
    const schedule = noiseSchedule('linear', 250);
    expect(schedule.betas[0]).toBeCloseTo(4e-4, 12);
    expect(last(schedule.betas)).toBeCloseTo(0.08, 12);
  });

  it('cosine starts at ᾱ ≈ 1, decreases monotonically and clips β at 0.999', () => {
    const schedule = noiseSchedule('cosine', 1000);
    expect(schedule.alphasCumprod[0]).toBeGreaterThan(0.9999);
    for (let t = 1; t < 1000; t++) expect(schedule.alphasCumprod[t]).toBeLessThan(schedule.alphasCumprod[t - 1]!);
    expect(Math.max(...schedule.betas)).toBe(0.999);
    expect(last(schedule.betas)).toBe(0.999);
    // ᾱ_t = f(t)/f(0) with f(t) = cos²((t/T + s)/(1 + s) · π/2) wherever β is not clipped (Nichol & Dhariwal eq. 17)
    const f = (fraction: number) => Math.cos(((fraction + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(schedule.alphasCumprod[499]).toBeCloseTo(f(500 / 1000) / f(0), 10);
  });

  it.each(['linear', 'cosine'] as const)('%s: the posterior q(x_{t−1} | x_t, x_0) agrees with Gaussian conditioning', (name) => {
    const schedule = noiseSchedule(name, 100);
    for (const t of [0, 1, 37, 99]) {
      const alphaBar = schedule.alphasCumprod[t]!;
      const alphaBarPrev = t === 0 ? 1 : schedule.alphasCumprod[t - 1]!;
      const alpha = schedule.alphas[t]!;
      // (x_{t−1}, x_t) given x_0: Var(x_{t−1}) = 1 − ᾱ_{t−1}, Cov = √α_t (1 − ᾱ_{t−1}), Var(x_t) = 1 − ᾱ_t
      const covariance = Math.sqrt(alpha) * (1 - alphaBarPrev);
      const gain = covariance / (1 - alphaBar);
      expect(schedule.alphasCumprodPrev[t]).toBe(alphaBarPrev);
      expect(schedule.posteriorVariance[t]).toBeCloseTo(1 - alphaBarPrev - gain * covariance, 12);
      expect(schedule.posteriorMeanCoefXt[t]).toBeCloseTo(gain, 12);
      expect(schedule.posteriorMeanCoefX0[t]).toBeCloseTo(Math.sqrt(alphaBarPrev) - gain * Math.sqrt(alphaBar), 12);
      expect(schedule.sqrtAlphasCumprod[t]! ** 2 + schedule.sqrtOneMinusAlphasCumprod[t]! ** 2).toBeCloseTo(1, 14);
    }
  });

  it('rejects an unknown name and a bad number of steps, naming them', () => {
    expect(() => noiseSchedule('quadratic' as ScheduleName, 100)).toThrow(ArgumentError);
    expect(() => noiseSchedule('quadratic' as ScheduleName, 100)).toThrow(
      "noiseSchedule: argument 'name' must be one of 'linear', 'cosine'; got \"quadratic\"",
    );
    expect(() => noiseSchedule('cosine', 0)).toThrow("noiseSchedule: argument 'steps' must be an integer in [1, 100000]; got 0");
    expect(() => noiseSchedule('cosine', 2.5)).toThrow(/argument 'steps' .*got 2.5/);
    expect(() => noiseSchedule('linear', 20)).toThrow("noiseSchedule: argument 'steps' must be an integer in [21, 100000]; got 20");
  });
});
