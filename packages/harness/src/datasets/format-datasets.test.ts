import { describe, expect, it } from 'vitest';
import { formatDatasets } from './format-datasets.js';

describe('formatDatasets', () => {
  it('writes one aligned Markdown row per entry, with — for what an entry lacks', () => {
    const text = formatDatasets([
      {
        name: 'ETTh1',
        aliases: [],
        file: 'ett/ETTh1.csv',
        url: 'https://example.test/ETTh1.csv',
        source: 'https://github.com/zhouhaoyi/ETDataset',
        licence: 'CC BY-ND 4.0',
        rows: 17420,
        md5: '8381763947c85f4be6ac456c508460d6',
      },
      {
        name: 'ILI',
        aliases: ['illness', 'national_illness'],
        file: 'illness/national_illness.csv',
        url: 'https://example.test/ili.csv',
        source: 'CDC',
        licence: 'public domain | US',
      },
    ]);
    expect(text.split('\n')).toEqual([
      '| name  | aliases                   | file                         | rows  | licence             | source                                 | checksum                             |',
      '| ----- | ------------------------- | ---------------------------- | ----- | ------------------- | -------------------------------------- | ------------------------------------ |',
      '| ETTh1 | —                         | ett/ETTh1.csv                | 17420 | CC BY-ND 4.0        | https://github.com/zhouhaoyi/ETDataset | md5 8381763947c85f4be6ac456c508460d6 |',
      '| ILI   | illness, national_illness | illness/national_illness.csv | —     | public domain \\| US | CDC                                    | —                                    |',
      '',
    ]);
  });
});
