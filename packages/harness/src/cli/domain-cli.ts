import yargs from 'yargs';
import type { Argv } from 'yargs';
import { explainOutOfMemory, initBackend } from '@hybridssm/core';
import { mergeShards } from '../run/merge.js';
import { runTable } from '../run/run-table.js';
import type { TableDefinition } from '../run/table-definition.js';
import { validateTableSpec } from '../spec/validate-spec.js';
import { resolvePath, seedList, shardOption, withSharedOptions } from './shared-options.js';
import type { SharedOptions } from './shared-options.js';

export interface DomainCliOptions {
  /** e.g. hybridssm-forecast */
  name: string;
  description: string;
  tables: TableDefinition[];
  /** domain commands (train, evaluate, forecast, …) added beside list / reproduce / merge */
  commands?: (y: Argv<SharedOptions>) => Argv<SharedOptions>;
  argv: string[];
}

function describeTables(tables: TableDefinition[]): string {
  return tables
    .map(({ spec }) => `  ${spec.id}: ${spec.title}\n    models: ${spec.rows.map((r) => r.id).join(', ')}\n    columns: ${spec.columns.map((c) => c.id).join(', ')}`)
    .join('\n');
}

function pickTables(tables: TableDefinition[], names: string[]): TableDefinition[] {
  if (names.length === 1 && names[0] === 'all') return tables;
  return names.map((name) => {
    const table = tables.find((t) => t.spec.id === name);
    if (table === undefined) throw new Error(`unknown table '${name}'; tables: ${tables.map((t) => t.spec.id).join(', ')}, all`);
    return table;
  });
}

/**
 * The CLI of a domain app: `list`, `reproduce <table..|all>`, `merge <table> <shard files..>`, the
 * shared options, and the domain's own commands. Bad flags exit with status 1 and one line.
 */
export async function runDomainCli(options: DomainCliOptions): Promise<void> {
  options.tables.forEach((t) => validateTableSpec(t.spec));
  const base = withSharedOptions(yargs(options.argv).scriptName(options.name).usage(`$0 <command> [options]\n\n${options.description}`));
  const withDomain = options.commands === undefined ? base : options.commands(base);
  await withDomain
    .command('list', 'list the tables, their models and columns', {}, () => console.log(describeTables(options.tables)))
    .command(
      'reproduce <tables..>',
      "run a paper table's cells at a scale and write results/<domain>/<table>.<scale>.{json,md} and plots",
      (y) => y.positional('tables', { type: 'string', array: true, describe: 'table ids, or all' }),
      async (a) => {
        const info = await initBackend(a.backend);
        console.log(info.message);
        for (const table of pickTables(options.tables, a.tables as string[])) {
          const summary = await runTable(table, {
            scale: a.scale,
            seeds: seedList(a),
            outDir: resolvePath(a.out),
            dataDir: resolvePath(a.dataDir),
            backend: info,
            shard: shardOption(a),
            fresh: a.fresh || !a.resume,
            quiet: a.quiet,
          });
          console.log(`${table.spec.id} (${a.scale}): ${summary.ran} cells run, ${summary.skipped} already done`);
          for (const file of summary.written) console.log(`  wrote ${file}`);
        }
      },
    )
    .command(
      'merge <table> <shards..>',
      'join shard files from `reproduce --shard i/n` runs into the table files',
      (y) => y.positional('table', { type: 'string' }).positional('shards', { type: 'string', array: true }),
      async (a) => {
        const [table] = pickTables(options.tables, [a.table as string]) as [TableDefinition];
        const files = await mergeShards(table, a.scale, seedList(a), (a.shards as string[]).map(resolvePath), resolvePath(a.out));
        for (const file of files) console.log(`wrote ${file}`);
      },
    )
    .demandCommand(1, 'name a command (list, reproduce, merge, …)')
    .epilog(`Tables:\n${describeTables(options.tables)}`)
    .strict()
    .fail((message, error) => {
      const text = (explainOutOfMemory(error) ?? message ?? error?.message ?? 'failed').replace(/\s*\n\s*/g, ' ').trim();
      console.error(`${options.name}: ${text}`);
      process.exit(1);
    })
    .help()
    .wrap(Math.min(120, process.stdout.columns ?? 120))
    .parseAsync();
}
