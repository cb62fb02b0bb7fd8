import { join } from 'node:path';
import type { BackendInfo } from '@hybridssm/core';
import type { Scale } from '../spec/table-spec.js';
import { writeTableResults } from '../results/write-table.js';
import { readJson, writeJsonAtomic } from '../files/json-file.js';
import { tablePaths } from '../files/table-paths.js';
import type { CellRecord, TableDefinition } from '../spec/table-definition.js';
import { cellName, cellsOf, recordName } from './cells.js';

interface ShardFile {
  table: string;
  domain: string;
  scale: Scale;
  cells: CellRecord[];
}

/**
 * Joins shard files (from `--shard i/n` runs on other machines) into the table's result files. Every
 * cell of the scale must be present exactly once across the shards; the cells are also copied into the
 * runs folder, so a later `reproduce` sees them as done.
 */
export async function mergeShards<C>(def: TableDefinition<C>, scale: Scale, seeds: number[], shardPaths: string[], outDir: string): Promise<string[]> {
  const { spec } = def;
  const byName = new Map<string, CellRecord>();
  for (const path of shardPaths) {
    const shard = readJson<ShardFile>(path);
    if (shard.table !== spec.id || shard.scale !== scale) {
      throw new Error(`${path}: shard of ${shard.table} at scale ${shard.scale}, not ${spec.id} at ${scale}`);
    }
    for (const record of shard.cells) {
      const name = recordName(record);
      if (byName.has(name)) throw new Error(`${path}: cell ${name} appears in more than one shard`);
      byName.set(name, record);
    }
  }
  const expected = cellsOf(spec, scale, seeds).map(cellName);
  const missing = expected.filter((name) => !byName.has(name));
  if (missing.length > 0) throw new Error(`merge of ${spec.id}: missing cells ${missing.join(', ')}`);
  const runs = tablePaths(outDir, spec.domain, spec.id, scale).runs;
  const records = expected.map((name) => byName.get(name) as CellRecord);
  records.forEach((record, i) => writeJsonAtomic(join(runs, `${expected[i]}.json`), record));
  // The backend is the one the cells ran on (the machine fields describe the merging machine).
  const used = [...new Set(records.map((r) => r.backend))];
  const backend: BackendInfo = {
    requested: 'auto',
    backend: used[0] as BackendInfo['backend'],
    fellBack: false,
    message: `merged from ${shardPaths.length} shard files; cells computed on ${used.join(', ')}`,
  };
  return writeTableResults(def, scale, seeds, records, outDir, backend);
}
