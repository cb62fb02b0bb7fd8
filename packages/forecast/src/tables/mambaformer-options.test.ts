import { describe, expect, it } from 'vitest';
import { settingsFor } from './forecast-scale.js';
import { mambaformerOptions } from './mambaformer-options.js';
import { mambaformerTable2 } from './mambaformer-table2.js';

const configOf = (table: typeof mambaformerOptions, scale: 'smoke' | 'small' | 'paper') => table.spec.scales[scale].config;

describe('tables and the off-paper options', () => {
  it('mambaformer-options turns RevIN, channel independence and patches on at every scale (the recurring calendar for unpatched runs); small is 4 datasets × 4 horizons at 1000 updates', () => {
    for (const scale of ['smoke', 'small', 'paper'] as const) {
      const config = configOf(mambaformerOptions, scale);
      expect([config.model.revin, config.model.channelIndependent, config.model.patch, config.calendar]).toEqual([true, true, true, 'recurring']);
    }
    expect(mambaformerOptions.spec.scales.small.columns).toEqual(['etth1', 'etth2', 'exchange', 'weather'].flatMap((d) => [96, 192, 336, 720].map((h) => `${d}-${h}`)));
    const fit = configOf(mambaformerOptions, 'small').fit;
    expect((fit.stepsPerEpoch as number) * fit.epochs).toBe(1000);
  });

  it("mambaformer-table2 keeps the paper's setting: no RevIN, channels mixed, every timeF column; dropout 0.05 at paper scale", () => {
    for (const scale of ['smoke', 'small', 'paper'] as const) {
      const config = configOf(mambaformerTable2, scale);
      expect([config.model.revin ?? false, config.model.channelIndependent ?? false, config.model.patch ?? false, config.calendar ?? 'timeF']).toEqual([false, false, false, 'timeF']);
    }
    expect(configOf(mambaformerTable2, 'paper').model.dropout).toBe(0.05);
  });

  it("gives Exchange the official code's hourly time features at paper scale only, says so in the note, and the options their recurring calendar", () => {
    const calendars = (table: typeof mambaformerTable2, scale: 'small' | 'paper') =>
      ['ETTh1', 'Exchange', 'Electricity'].map((dataset) => settingsFor(configOf(table, scale), dataset).calendar);
    expect(calendars(mambaformerTable2, 'paper')).toEqual(['timeF', 'timeF-hourly', 'timeF']);
    expect(calendars(mambaformerTable2, 'small')).toEqual(['timeF', 'timeF', 'timeF']);
    expect(calendars(mambaformerOptions, 'paper')).toEqual(['recurring', 'recurring', 'recurring']);
    expect(mambaformerTable2.spec.paper.note).toContain('At paper scale Exchange gets the hourly time features');
  });

  it('evaluates every validation batch and test window at small and paper (only smoke caps them)', () => {
    for (const table of [mambaformerTable2, mambaformerOptions]) {
      for (const scale of ['small', 'paper'] as const) {
        const fit = configOf(table, scale).fit;
        expect([fit.valWindows, fit.testWindows]).toEqual([undefined, undefined]);
      }
    }
  });
});
