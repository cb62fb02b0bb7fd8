import { readFileSync, writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { forecastTracksMarkdown, withTrackTables } from '@hybridssm/forecast';
import { existingFilePath, resolvePath, withOut } from '@hybridssm/harness';

/** `tracks`: the paper track's and the options track's tables from the committed results; print, write into a README, or check one. */
export function tracksCommand(y: Argv): Argv {
  return y.command(
    'tracks',
    "the paper track's and the options track's tables, from <out>/forecast/*.json: print them, or write/check them in a README's marked section",
    (c) =>
      withOut(c)
        .option('write', { type: 'string', describe: 'a Markdown file with the forecast-tracks markers: replace the section between them' })
        .option('check', { type: 'string', describe: 'a Markdown file with the markers: exit 1 if its section differs from the results' })
        .check((a) => {
          for (const flag of ['write', 'check'] as const) if (a[flag] !== undefined) existingFilePath(flag, a[flag]);
          return true;
        })
        .example('$0 tracks --write packages/forecast/README.md', 'after a table was rerun')
        .example('$0 tracks --check packages/forecast/README.md', 'in CI: the README shows what results/ holds'),
    (a) => {
      const tables = forecastTracksMarkdown(resolvePath(a.out));
      if (a.write === undefined && a.check === undefined) {
        console.log(tables);
        return;
      }
      for (const [flag, file] of [['write', a.write], ['check', a.check]] as const) {
        if (file === undefined) continue;
        const path = resolvePath(file);
        const text = readFileSync(path, 'utf8');
        const updated = withTrackTables(text, tables);
        if (flag === 'write') {
          writeFileSync(path, updated);
          console.log(`wrote the tracks' tables into ${path}`);
        } else if (updated !== text) {
          console.error(`hybridssm-forecast: ${path}: the tracks' tables differ from ${resolvePath(a.out)}/forecast; run \`hybridssm-forecast tracks --write ${file}\``);
          process.exitCode = 1;
        } else console.log(`${path}: the tracks' tables match the results`);
      }
    },
  );
}
