import type { ColumnSpec, TableDefinition, TableSpec } from '@hybridssm/harness';
import { MODEL_NAMES, modelLabel } from '../models/model-registry.js';
import type { ForecastScaleConfig } from './forecast-scale.js';
import { columnWinners } from './column-winners.js';
import { runForecastCell } from './run-forecast-cell.js';

export interface TableDataset {
  /** column id prefix, e.g. etth1 */
  id: string;
  /** registry name, e.g. ETTh1 */
  name: string;
  horizons: number[];
}

export interface ForecastTableOptions {
  id: string;
  title: string;
  paper: TableSpec['paper'];
  datasets: TableDataset[];
  /** datasets the small scale runs (all their horizons) */
  smallDatasets: string[];
  /** or exactly these column ids at the small scale */
  smallColumns?: string[];
  scales: { smoke: ForecastScaleConfig; small: ForecastScaleConfig; paper: ForecastScaleConfig };
  descriptions: { small: string; paper: string };
}

/** The smoke check every forecasting table carries: a generated series, horizon 24. */
export const SYNTHETIC_COLUMN: ColumnSpec = { id: 'synthetic-24', label: 'Synthetic 24', settings: { dataset: 'synthetic', horizon: 24 } };

/**
 * A forecasting table: every model of the family and the baselines (rows) on datasets × horizons
 * (columns), MSE and MAE; the paper's numbers are null (not retrievable) unless a table fills them.
 */
export function forecastTable(o: ForecastTableOptions): TableDefinition<ForecastScaleConfig> {
  const columnsOf = (datasets: TableDataset[]) => datasets.flatMap((d) => d.horizons.map((h) => `${d.id}-${h}`));
  const columns: ColumnSpec[] = [
    SYNTHETIC_COLUMN,
    ...o.datasets.flatMap((d) => d.horizons.map((h) => ({ id: `${d.id}-${h}`, label: `${d.name} ${h}`, settings: { dataset: d.name, horizon: h } }))),
  ];
  const paperColumns = columnsOf(o.datasets);
  const spec: TableSpec<ForecastScaleConfig> = {
    domain: 'forecast',
    id: o.id,
    title: o.title,
    paper: o.paper,
    rows: MODEL_NAMES.map((id) => ({ id, label: modelLabel(id) })),
    columns,
    metrics: [
      { id: 'mse', label: 'MSE', direction: 'lower', digits: 3 },
      { id: 'mae', label: 'MAE', direction: 'lower', digits: 3 },
    ],
    reported: Object.fromEntries(MODEL_NAMES.map((row) => [row, Object.fromEntries(paperColumns.map((c) => [c, { mse: null, mae: null }]))])),
    scales: {
      smoke: {
        description: 'synthetic series, horizon 24, input 48, d_model 16, 12 updates: checks the pipeline only',
        columns: [SYNTHETIC_COLUMN.id],
        config: o.scales.smoke,
      },
      small: {
        description: o.descriptions.small,
        columns: o.smallColumns ?? columnsOf(o.datasets.filter((d) => o.smallDatasets.includes(d.id))),
        config: o.scales.small,
      },
      paper: { description: o.descriptions.paper, columns: paperColumns, config: o.scales.paper },
    },
  };
  return { spec, runCell: runForecastCell, findings: (cells) => columnWinners(spec.columns, cells) };
}
