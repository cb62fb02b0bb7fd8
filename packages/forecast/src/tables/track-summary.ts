import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregatedCell, ResultFile } from '@hybridssm/harness';
import { validateResultFile } from '@hybridssm/harness';
import { MODEL_NAMES, modelLabel } from '../models/model-registry.js';
import type { ModelName } from '../models/model-registry.js';
import { columnVerdicts } from './column-winners.js';
import { mambaformerTable2 } from './mambaformer-table2.js';
import { OFFICIAL_CODE_RUNS, officialBestTest } from './official-code-runs.js';

/** The paper track's required cells (issue 19): the Transformer and the Mambaformer on ETTh1-96 at `paper`. */
const PAPER_TRACK_CELLS = [
  { model: 'transformer', column: 'etth1-96' },
  { model: 'mambaformer', column: 'etth1-96' },
];

const PAPER_FILE = 'mambaformer-table2.paper.json';
const OPTIONS_FILE = 'mambaformer-options.small.json';

/** A forecasting result file under `<resultsDir>/forecast/`, or undefined if it is not there. */
function readResult(resultsDir: string, file: string): ResultFile | undefined {
  const path = join(resultsDir, 'forecast', file);
  return existsSync(path) ? validateResultFile(JSON.parse(readFileSync(path, 'utf8')), path) : undefined;
}

const mean = (cell: AggregatedCell | undefined, metric: string) => cell?.metrics[metric]?.mean;
const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));
/** A cell's mean MSE (± std over its seeds), and how many of the table's `seeds` it has when not all. */
const withStd = (cell: AggregatedCell | undefined, seeds: number) => {
  const mse = cell?.metrics.mse;
  if (mse === undefined) return 'not run';
  const shown = mse.values.length > 1 ? `${mse.mean.toFixed(3)} ± ${mse.std.toFixed(3)}` : mse.mean.toFixed(3);
  return mse.values.length < seeds ? `${shown} (${mse.values.length} of ${seeds} seeds)` : shown;
};
const provenance = (r: ResultFile) => `${r.scale} scale, seeds ${r.seeds.join(', ')}, ${r.backend.name} on ${r.machine.cpu}, commit ${r.git?.commit.slice(0, 10) ?? 'unknown'}`;

/** The paper track: our `paper` cells beside the official code run under the same settings. */
export function paperTrackTable(result: ResultFile | undefined): string {
  const cells = result?.cells ?? [];
  const keys = [...PAPER_TRACK_CELLS, ...cells.map((c) => ({ model: c.row, column: c.column }))].filter(
    (key, i, all) => all.findIndex((k) => k.model === key.model && k.column === key.column) === i,
  );
  const columnLabel = (id: string) => mambaformerTable2.spec.columns.find((c) => c.id === id)?.label ?? id;
  const lines = [
    '| model | setting | ours: test MSE | ours: test MAE | official code, same settings: test MSE | ours / official |',
    '|---|---|---:|---:|---:|---:|',
    ...keys.map(({ model, column }) => {
      const cell = cells.find((c) => c.row === model && c.column === column);
      const run = OFFICIAL_CODE_RUNS.find((r) => r.model === model && r.column === column);
      const official = run === undefined ? undefined : officialBestTest(run);
      const ours = mean(cell, 'mse');
      const ratio = ours !== undefined && official !== undefined ? `${(ours / official.test).toFixed(2)}` : '—';
      const officialText = official === undefined ? '— (not run)' : `${official.test.toFixed(3)} (epoch ${official.epoch} of ${run?.epochs.length})`;
      return `| ${modelLabel(model as ModelName)} | ${columnLabel(column)} | ${cell === undefined ? 'not run yet' : fmt(ours)} | ${fmt(mean(cell, 'mae'))} | ${officialText} | ${ratio} |`;
    }),
  ];
  const source = result === undefined ? `no \`results/forecast/${PAPER_FILE}\` yet` : `[\`${PAPER_FILE}\`](../../results/forecast/${PAPER_FILE.replace('.json', '.md')}) (${provenance(result)})`;
  return [...lines, '', `Ours: ${source}; each cell's best-validation epoch, every test window.`].join('\n');
}

/** The options track: every model's test MSE per dataset and horizon, and which side wins each. */
export function optionsTrackTable(result: ResultFile | undefined): string {
  if (result === undefined) return `No \`results/forecast/${OPTIONS_FILE}\` yet.`;
  const columns = result.columns.filter((c) => result.cells.some((cell) => cell.column === c.id));
  const rows = MODEL_NAMES.filter((m) => result.cells.some((c) => c.row === m));
  const verdicts = columnVerdicts(columns, result.cells);
  const lines = [
    `| setting | ${rows.map((m) => modelLabel(m)).join(' | ')} | wins |`,
    `|---|${rows.map(() => '---:').join('|')}|---|`,
    ...verdicts.map(({ column, winner, bestFamily, bestBaseline }) => {
      const cellOf = (m: string) => result.cells.find((c) => c.row === m && c.column === column.id);
      const best = winner === 'family' ? bestFamily : bestBaseline;
      const complete = rows.every((m) => (cellOf(m)?.metrics.mse?.values.length ?? 0) >= result.seeds.length);
      const verdict = winner === undefined || best === undefined ? '—' : `${winner === 'family' ? 'family' : 'baseline'} (${modelLabel(best.row as ModelName)})${complete ? '' : ', so far'}`;
      return `| ${column.label} | ${rows.map((m) => withStd(cellOf(m), result.seeds.length)).join(' | ')} | ${verdict} |`;
    }),
  ];
  return [...lines, '', `Test MSE, mean ± std over seeds: [\`${OPTIONS_FILE}\`](../../results/forecast/${OPTIONS_FILE.replace('.json', '.md')}) (${provenance(result)}).`].join('\n');
}

/** Both tracks' tables, from the committed result files under `resultsDir` (e.g. `results`). */
export function forecastTracksMarkdown(resultsDir: string): string {
  return [
    '### Paper track: the official code\'s setting and loop',
    '',
    paperTrackTable(readResult(resultsDir, PAPER_FILE)),
    '',
    '### Options track: RevIN, channel independence, patches',
    '',
    optionsTrackTable(readResult(resultsDir, OPTIONS_FILE)),
  ].join('\n');
}

export const TRACKS_BEGIN = '<!-- forecast-tracks:begin (written by `hybridssm-forecast tracks --write`) -->';
export const TRACKS_END = '<!-- forecast-tracks:end -->';

/** `text` with the part between the track markers replaced by `tables`; an error if the markers are missing. */
export function withTrackTables(text: string, tables: string): string {
  const begin = text.indexOf(TRACKS_BEGIN);
  const end = text.indexOf(TRACKS_END);
  if (begin < 0 || end < begin) throw new Error(`the file has no ${TRACKS_BEGIN} … ${TRACKS_END} section`);
  return `${text.slice(0, begin + TRACKS_BEGIN.length)}\n\n${tables}\n\n${text.slice(end)}`;
}
