import { join } from 'node:path';
import type { Scale } from '../spec/table-spec.js';

/** Where a table's files go under the results root (`--out`, default `results/`). */
export function tablePaths(outDir: string, domain: string, table: string, scale: Scale) {
  const base = join(outDir, domain);
  const stem = `${table}.${scale}`;
  return {
    runs: join(base, 'runs', stem),
    json: join(base, `${stem}.json`),
    markdown: join(base, `${stem}.md`),
    plots: join(base, 'plots'),
    shard: (index: number, count: number) => join(base, `${stem}.shard-${index}of${count}.json`),
  };
}
