import { forecastTable } from './forecast-table.js';
import { HORIZONS, PAPER_REFERENCE } from './mambaformer-table2.js';
import { OPTIONS_SMALL, PAPER, SMOKE, withFamilyOptions } from './scales.js';

/** The options track's datasets (issue 19): ETTh1 and ETTh2, Exchange, Weather, each at the four horizons. */
export const OPTIONS_DATASETS = [
  { id: 'etth1', name: 'ETTh1', horizons: HORIZONS },
  { id: 'etth2', name: 'ETTh2', horizons: HORIZONS },
  { id: 'exchange', name: 'Exchange', horizons: HORIZONS },
  { id: 'weather', name: 'Weather', horizons: HORIZONS },
];

/**
 * The project's own table: Table 2's models with the family's off-paper options on (RevIN, channel
 * independence, patches in place of one token per step), on four datasets × four horizons, DLinear and
 * the PatchTST-style model beside them; its findings say per column whether the family or a baseline wins.
 */
export const mambaformerOptions = forecastTable({
  id: 'mambaformer-options',
  title: 'Mambaformer family with RevIN, channel independence and patches: MSE / MAE',
  paper: {
    ...PAPER_REFERENCE,
    table: 'Table 2, with options the paper does not use',
    note:
      "Not the paper's setting: each family member runs its own layers over PatchTST's input (reversible instance normalisation, " +
      'one univariate series per variable, patches of 16 steps at stride 8 with learned positions, a flatten head), ' +
      'where the paper reads one token per step with calendar features; patched models read no calendar features. ' +
      "The paper's numbers (not retrievable: every cell is —) are for its own setting; mambaformer-table2 runs that setting.",
  },
  datasets: OPTIONS_DATASETS,
  smallDatasets: OPTIONS_DATASETS.map((d) => d.id),
  scales: { smoke: withFamilyOptions(SMOKE), small: OPTIONS_SMALL, paper: withFamilyOptions(PAPER) },
  descriptions: {
    small:
      'ETTh1, ETTh2, Exchange and Weather at horizons 96–720, input 192, d_model 16, RevIN + channel independence + patches (16, stride 8), ' +
      '4 epochs of 250 updates of 8 windows (8 × channels series), lr 5e-3, every validation batch and test window; run with --seeds 0,1,2, sharded',
    paper: 'the published hyper-parameters (d_model 512, dropout 0.05, 10 epochs with early stopping) with the options (RevIN, channel independence, patches)',
  },
});
