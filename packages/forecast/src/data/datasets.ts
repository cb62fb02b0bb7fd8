import { dropFirstCsvColumn, resolveDatasetFile } from '@hybridssm/harness';
import type { DatasetEntry as CatalogueEntry } from '@hybridssm/harness';
import type { SplitKind } from './splits.js';
import type { TimeFreq } from './time-features.js';

/** A forecasting benchmark: harness's catalogue fields plus what the loaders read. */
export interface DatasetEntry extends CatalogueEntry {
  kind: SplitKind;
  freq: TimeFreq;
  dateColumn: string | null;
  target: string;
  /** Value columns (the date excluded). */
  channels: number;
  /** Data rows (the header excluded). */
  rows: number;
}

/** The dataset as a loadForecastData spec needs it: the entry plus the file's absolute path. */
export interface ResolvedDataset extends DatasetEntry {
  path: string;
}

const ETT_SOURCE = 'https://github.com/zhouhaoyi/ETDataset';
const ETT_RAW = 'https://raw.githubusercontent.com/zhouhaoyi/ETDataset/main/ETT-small';
const ETT_LICENCE = 'CC BY-ND 4.0';
// The Autoformer collection is a Google Drive folder (no direct links); the files are mirrored on Hugging Face.
const AUTOFORMER_SOURCE = 'https://drive.google.com/drive/folders/1ZOYpTUa82_jCcxIdTmyr0LXQfvaM9vIy';
const AUTOFORMER_MIRROR = 'https://huggingface.co/datasets/AutonLab/Timeseries-PILE/resolve/main/forecasting/autoformer';

function ett(name: string, kind: 'etth' | 'ettm', checksums: { md5?: string; sha256?: string } = {}): DatasetEntry {
  return {
    name,
    aliases: [],
    file: `ett/${name}.csv`,
    kind,
    freq: kind === 'etth' ? 'h' : 't',
    dateColumn: 'date',
    target: 'OT',
    channels: 7,
    rows: kind === 'etth' ? 17420 : 69680,
    url: `${ETT_RAW}/${name}.csv`,
    source: ETT_SOURCE,
    licence: ETT_LICENCE,
    ...checksums,
  };
}

export const DATASETS: readonly DatasetEntry[] = [
  ett('ETTh1', 'etth', {
    md5: '8381763947c85f4be6ac456c508460d6',
    sha256: 'f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066',
  }),
  ett('ETTh2', 'etth', {
    md5: '51a229a3fc13579dd939364fefe9c7ab',
    sha256: 'a3dc2c597b9218c7ce1cd55eb77b283fd459a1d09d753063f944967dd6b9218b',
  }),
  ett('ETTm1', 'ettm'),
  ett('ETTm2', 'ettm'),
  {
    name: 'Exchange',
    aliases: ['exchange_rate'],
    file: 'exchange_rate/exchange_rate.csv',
    kind: 'ratio',
    freq: 'd',
    dateColumn: 'date',
    target: 'OT',
    channels: 8,
    rows: 7588,
    url: `${AUTOFORMER_MIRROR}/exchange_rate.csv`,
    source: AUTOFORMER_SOURCE,
    licence: 'none stated (LSTNet, laiguokun/multivariate-time-series-data)',
    md5: '2fc11972378a4c8817c1adfdde522bf9',
    sha256: '48b4d9d3d508f5104162e85b9a6042e3557fde11aa9f2944eba8c0d0efc89842',
  },
  {
    name: 'Weather',
    aliases: [],
    file: 'weather/weather_nodate.csv',
    kind: 'ratio',
    freq: 't',
    dateColumn: null,
    target: 'OT',
    channels: 21,
    rows: 52696,
    url: `${AUTOFORMER_MIRROR}/weather.csv`,
    source: AUTOFORMER_SOURCE,
    licence: 'Max Planck Institute for Biogeochemistry, Jena weather station (bgc-jena.mpg.de/wetter), research use',
    fromDownload: dropFirstCsvColumn('date'),
  },
  {
    name: 'ILI',
    aliases: ['illness', 'national_illness'],
    file: 'illness/national_illness.csv',
    kind: 'ratio',
    freq: 'w',
    dateColumn: 'date',
    target: 'OT',
    channels: 7,
    rows: 966,
    url: `${AUTOFORMER_MIRROR}/national_illness.csv`,
    source: AUTOFORMER_SOURCE,
    licence: 'CDC FluView ILINet, US public domain',
  },
  {
    name: 'Electricity',
    aliases: ['ECL'],
    file: 'electricity/electricity.csv',
    kind: 'ratio',
    freq: 'h',
    dateColumn: 'date',
    target: 'OT',
    channels: 321,
    rows: 26304,
    url: `${AUTOFORMER_MIRROR}/electricity.csv`,
    source: AUTOFORMER_SOURCE,
    licence: 'CC BY 4.0 (UCI ElectricityLoadDiagrams20112014)',
  },
];

/** Finds a dataset by name or alias (case-insensitive) and checks that its file is under `dataDir`. */
export function resolveDataset(name: string, dataDir: string): ResolvedDataset {
  return resolveDatasetFile(DATASETS, name, dataDir, 'pnpm hybridssm forecast fetch');
}
