import { describe, expect, it } from 'vitest';
import { mambaformerOptions } from './mambaformer-options.js';
import { mambaformerTable2 } from './mambaformer-table2.js';

const configOf = (table: typeof mambaformerOptions, scale: 'smoke' | 'small' | 'paper') => table.spec.scales[scale].config;

describe('tables and the off-paper options', () => {
  it('mambaformer-options turns RevIN, channel independence and the recurring calendar on at every scale; small is ETTh1-96 at 1000 updates', () => {
    for (const scale of ['smoke', 'small', 'paper'] as const) {
      const config = configOf(mambaformerOptions, scale);
      expect([config.model.revin, config.model.channelIndependent, config.calendar]).toEqual([true, true, 'recurring']);
    }
    expect(mambaformerOptions.spec.scales.small.columns).toEqual(['etth1-96']);
    const fit = configOf(mambaformerOptions, 'small').fit;
    expect((fit.stepsPerEpoch as number) * fit.epochs).toBe(1000);
  });

  it("mambaformer-table2 keeps the paper's setting: no RevIN, channels mixed, every timeF column; dropout 0.05 at paper scale", () => {
    for (const scale of ['smoke', 'small', 'paper'] as const) {
      const config = configOf(mambaformerTable2, scale);
      expect([config.model.revin ?? false, config.model.channelIndependent ?? false, config.calendar ?? 'timeF']).toEqual([false, false, 'timeF']);
    }
    expect(configOf(mambaformerTable2, 'paper').model.dropout).toBe(0.05);
  });
});
