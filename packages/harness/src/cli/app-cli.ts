import yargs from 'yargs';
import type { Argv } from 'yargs';
import { explainOutOfMemory, throwIfWebGpuFailed } from '@hybridssm/core';

export interface AppCliOptions {
  /** the app's command name, hybridssm-<app>: every error line starts with it */
  name: string;
  description: string;
  /** adds the app's commands (each with only the options it uses) */
  commands: (y: Argv) => Argv;
  argv: string[];
}

/**
 * How the user started the app, for usage lines: `pnpm hybridssm <app>` when run through the
 * workspace's dispatcher (which sets HYBRIDSSM_INVOKED_AS), else the app's own command name.
 */
export function invokedAs(name: string): string {
  return process.env.HYBRIDSSM_INVOKED_AS ?? name;
}

/** The raw text given for `--flag` (or `--flag=…`), to quote it in an error. */
function rawValue(argv: string[], flag: string): string {
  const at = argv.findIndex((token) => token === `--${flag}` || token.startsWith(`--${flag}=`));
  const token = argv[at] ?? '';
  return token.includes('=') ? token.slice(token.indexOf('=') + 1) : (argv[at + 1] ?? '');
}

const dashed = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The checks yargs does not make: a flag given twice (yargs would collect both values into an array)
 * and a number flag given text (yargs would pass NaN on).
 */
/** What yargs knows of the declared options (a public method its type definitions omit). */
type WithDeclaredOptions = Argv & { getOptions(): { key: Record<string, unknown>; array: string[]; number: string[] } };

function checkFlagValues(y: WithDeclaredOptions, argv: string[]) {
  return (parsed: Record<string, unknown>): true => {
    const options = y.getOptions();
    const arrays = new Set(options.array);
    for (const key of Object.keys(options.key)) {
      const value = parsed[key];
      if (Array.isArray(value) && !arrays.has(key)) {
        throw new Error(`--${dashed(key)} was given ${value.length} times (${value.join(', ')}); give it once`);
      }
      if (options.number.includes(key) && typeof value === 'number' && Number.isNaN(value)) {
        throw new Error(`--${dashed(key)} must be a number; got '${rawValue(argv, dashed(key))}'`);
      }
    }
    return true;
  };
}

/**
 * The command line every app shares: `-h`/`--help` on every command, strict flags, and one line on
 * stderr with a non-zero exit for any bad flag, value, name or failure — before work starts where the
 * value can be checked up front.
 */
export async function runAppCli(options: AppCliOptions): Promise<void> {
  const y = yargs(options.argv)
    .scriptName(invokedAs(options.name))
    .usage(`$0 <command> [options]\n\n${options.description}`)
    .version(false)
    .alias('h', 'help') as WithDeclaredOptions;
  await options
    .commands(y)
    .check(checkFlagValues(y, options.argv), true)
    .demandCommand(1, 'name a command (--help lists them)')
    .recommendCommands()
    .strict()
    .fail((message, error) => {
      const text = (explainOutOfMemory(error) ?? message ?? error?.message ?? 'failed').replace(/\s*\n\s*/g, ' ').trim();
      console.error(`${options.name}: ${text}`);
      process.exit(1);
    })
    .wrap(Math.min(120, process.stdout.columns ?? 120))
    .parseAsync();
  try {
    throwIfWebGpuFailed('this run');
  } catch (error) {
    // the command finished on a webgpu device that reported an error: what it printed or wrote is invalid
    console.error(`${options.name}: ${(error as Error).message}`);
    process.exit(1);
  }
}
