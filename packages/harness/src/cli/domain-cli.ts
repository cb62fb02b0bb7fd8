import { hideBin } from 'yargs/helpers';
import type { Argv } from 'yargs';
import { initBackend } from '@hybridssm/core';
import { runProbes, selectProbes } from '../ci/run-probes.js';
import { fetchDataset } from '../datasets/fetch-dataset.js';
import { findDataset } from '../datasets/find-dataset.js';
import { formatDatasets } from '../datasets/format-datasets.js';
import type { Domain } from '../domain/define-domain.js';
import { cellsOf, filterCells, parseShard } from '../run/cells.js';
import type { CellFilter } from '../run/cells.js';
import { mergeShards } from '../run/merge.js';
import { runTable } from '../run/run-table.js';
import type { TableDefinition } from '../spec/table-definition.js';
import { runAppCli } from './app-cli.js';
import { withBackend, withDataDir, withOut, withQuiet, withScale, withSeeds, withShardAndResume, seedList } from './options.js';
import { resolvePath } from './paths.js';

type AnyTable = TableDefinition<unknown>;

function describeTables(tables: readonly AnyTable[]): string {
  return tables
    .map(({ spec }) => `  ${spec.id}: ${spec.title}\n    models: ${spec.rows.map((r) => r.id).join(', ')}\n    columns: ${spec.columns.map((c) => c.id).join(', ')}`)
    .join('\n');
}

function pickTables(tables: readonly AnyTable[], names: string[]): readonly AnyTable[] {
  if (names.length === 1 && names[0] === 'all') return tables;
  return names.map((name) => {
    const table = tables.find((t) => t.spec.id === name);
    if (table === undefined) throw new Error(`unknown table '${name}'; tables: ${tables.map((t) => t.spec.id).join(', ')}, all`);
    return table;
  });
}

/** The --rows / --columns of a reproduce command. */
function cellFilter(a: { rows?: string[]; columns?: string[] }): CellFilter {
  return { ...(a.rows === undefined ? {} : { rows: a.rows }), ...(a.columns === undefined ? {} : { columns: a.columns }) };
}

/** `list`, `reproduce`, `merge`: the domain's paper tables. */
function tableCommands(domain: Domain) {
  const first = domain.tables[0]?.spec.id ?? 'table';
  const firstRow = domain.tables[0]?.spec.rows[0]?.id ?? 'model';
  const firstColumn = domain.tables[0]?.spec.columns[0]?.id ?? 'setting';
  return (y: Argv): Argv =>
    y
      .command('list', 'list the tables with their models and columns', (c) => c.example('$0 list', 'what `reproduce` can run'), () =>
        console.log(describeTables(domain.tables)),
      )
      .command(
        'reproduce <tables..>',
        "run a table's cells at a scale; write <out>/<domain>/<table>.<scale>.{json,md} and plots (finished cells are kept: rerun to resume)",
        (c) =>
          withShardAndResume(withDataDir(withOut(withSeeds(withQuiet(withBackend(withScale(c, 'table configuration')))))))
            .positional('tables', { type: 'string', array: true, describe: 'table ids (see `list`), or all' })
            .check((a) => {
              for (const table of pickTables(domain.tables, a.tables as string[])) filterCells(cellsOf(table.spec, a.scale, [0]), cellFilter(a), table.spec.id, a.scale);
              return true;
            })
            .example(`$0 reproduce ${first} --scale smoke`, 'every table cell at CI size, in seconds')
            .example(`$0 reproduce ${first} --scale small --shard 0/2`, 'half of the small cells; then `merge`')
            .example(`$0 reproduce ${first} --scale small --rows ${firstRow} --columns ${firstColumn}`, 'one cell; the table files hold it and every cell finished before'),
        async (a) => {
          const info = await initBackend(a.backend);
          console.log(info.message);
          for (const table of pickTables(domain.tables, a.tables as string[])) {
            const summary = await runTable(table, {
              scale: a.scale,
              seeds: seedList(a),
              outDir: resolvePath(a.out),
              dataDir: resolvePath(a.dataDir),
              backend: info,
              ...(a.shard === undefined ? {} : { shard: parseShard(a.shard) }),
              filter: cellFilter(a),
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
        'join the shard files of `reproduce --shard i/n` runs into the table files',
        (c) =>
          withOut(withSeeds(withScale(c, 'the scale the shards ran at')))
            .positional('table', { type: 'string', describe: 'table id' })
            .positional('shards', { type: 'string', array: true, describe: 'shard files (<table>.<scale>.shard-<i>of<n>.json)' })
            .check((a) => (pickTables(domain.tables, [a.table as string]), true))
            .example(`$0 merge ${first} results/${domain.name}/${first}.small.shard-*of2.json --scale small`, 'after two shards ran'),
        async (a) => {
          const [table] = pickTables(domain.tables, [a.table as string]) as [AnyTable];
          const files = await mergeShards(table, a.scale, seedList(a), (a.shards as string[]).map(resolvePath), resolvePath(a.out));
          for (const file of files) console.log(`wrote ${file}`);
        },
      );
}

/** `ci`: the domain's regression probes against results/baselines/<domain>.json. */
function ciCommand(domain: Domain) {
  const probes = domain.probes ?? [];
  return (y: Argv): Argv =>
    y.command(
      'ci',
      `run the regression probes (${probes.length}) and compare them with the committed baselines`,
      (c) =>
        c
          .option('baselines', { type: 'string', default: `results/baselines/${domain.name}.json`, describe: 'baseline file' })
          .option('update-baselines', { type: 'boolean', default: false, describe: 'accept the measured values as the new baselines' })
          .option('only', { type: 'string', array: true, describe: 'probe names to run (default all)' })
          .check((a) => (selectProbes(probes, a.only), true))
          .example('$0 ci', 'what `pnpm bench:ci` runs for this domain')
          .example('$0 ci --update-baselines', 'after a deliberate change of a probed value'),
      async (a) => {
        if (probes.length === 0) {
          console.log(`${domain.cliName}: no probes`);
          return;
        }
        process.exitCode = await runProbes({ probes, baselines: resolvePath(a.baselines), update: a.updateBaselines, ...(a.only === undefined ? {} : { only: a.only }) });
      },
    );
}

/** `datasets` and `fetch`: the domain's dataset catalogue. */
function datasetCommands(domain: Domain) {
  const datasets = domain.datasets ?? [];
  return (y: Argv): Argv =>
    datasets.length === 0
      ? y
      : y
          .command('datasets', 'list the datasets this domain reads: file, rows, licence, source, checksums', (c) => c.example('$0 datasets', ''), () =>
            console.log(formatDatasets(datasets)),
          )
          .command(
            'fetch <names..>',
            'download datasets into --data-dir and check their checksums (needs internet)',
            (c) =>
              withDataDir(c)
                .positional('names', { type: 'string', array: true, describe: 'dataset names (see `datasets`), or all' })
                .check((a) => ((a.names as string[]).filter((n) => n !== 'all').forEach((n) => findDataset(datasets, n)), true))
                .example(`$0 fetch ${datasets[0]?.name ?? 'NAME'}`, 'into datasets/cache'),
            async (a) => {
              const names = a.names as string[];
              const wanted = names.includes('all') ? datasets : names.map((n) => findDataset(datasets, n));
              for (const entry of wanted) await fetchDataset(entry, resolvePath(a.dataDir), (line) => console.log(line));
            },
          );
}

export interface DomainCliOptions {
  /** the app's own commands (train, evaluate, …), each declaring only the options it uses */
  commands?: (y: Argv) => Argv;
  /** default: the process's arguments */
  argv?: string[];
}

/**
 * A domain's app: its tables (`list`, `reproduce`, `merge`), probes (`ci`), datasets (`datasets`,
 * `fetch`) and the app's own commands, with the CLI contract of every app (runAppCli).
 */
export async function runDomainCli(domain: Domain, options: DomainCliOptions = {}): Promise<void> {
  const own = options.commands ?? ((y: Argv) => y);
  await runAppCli({
    name: domain.cliName,
    description: `${domain.description}\n\nTables:\n${describeTables(domain.tables)}`,
    argv: options.argv ?? hideBin(process.argv),
    commands: (y) => ciCommand(domain)(datasetCommands(domain)(tableCommands(domain)(own(y)))),
  });
}
