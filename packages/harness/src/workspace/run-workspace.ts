import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findWorkspaceApps, shortName } from './workspace-apps.js';
import type { WorkspaceApp } from './workspace-apps.js';

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** The environment pnpm would give the app: relative paths start at `initCwd`, bins on PATH. */
function appEnv(root: string, app: WorkspaceApp, initCwd: string): NodeJS.ProcessEnv {
  const bins = [join(app.dir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
  return {
    ...process.env,
    INIT_CWD: initCwd,
    HYBRIDSSM_INVOKED_AS: `pnpm hybridssm ${shortName(app)}`,
    PATH: [...bins, process.env.PATH ?? ''].join(delimiter),
  };
}

function exitCodeOf(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; shell?: boolean }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/**
 * Runs `script` of every app that has one (e.g. `smoke`: each domain's smoke tables; `bench:ci`: every
 * app's probes), one after another, with `extra` arguments appended; relative paths (results/) start at
 * the root. Returns the apps that failed.
 */
export async function runAppScripts(root: string, script: string, extra: string[], log = console.log): Promise<string[]> {
  const failed: string[] = [];
  for (const app of findWorkspaceApps(root).filter((a) => a.scripts[script] !== undefined)) {
    const line = [app.scripts[script] as string, ...extra.map(quote)].join(' ');
    log(`\n== ${app.packageName}: ${script} (${line})`);
    const code = await exitCodeOf(line, [], { cwd: app.dir, env: appEnv(root, app, root), shell: true });
    if (code !== 0) failed.push(app.packageName);
  }
  return failed;
}

/**
 * `pnpm hybridssm <app> …`: runs the app's CLI, relative paths starting where the user is; an unknown
 * app is one line naming the known ones.
 */
export async function dispatchToApp(root: string, name: string | undefined, args: string[]): Promise<number> {
  const apps = findWorkspaceApps(root).filter((a) => a.bin !== undefined);
  const known = apps.map(shortName).join(', ');
  const app = apps.find((a) => shortName(a) === name || a.command === name);
  if (app === undefined) {
    console.error(name === undefined ? `usage: pnpm hybridssm <app> <command> [options]; apps: ${known}` : `hybridssm: unknown app '${name}'; apps: ${known}`);
    return 1;
  }
  if (!existsSync(app.bin as string)) {
    console.error(`hybridssm: ${app.bin} is not built; run \`pnpm build\` first`);
    return 1;
  }
  return exitCodeOf(process.execPath, [app.bin as string, ...args], { cwd: app.dir, env: appEnv(root, app, process.env.INIT_CWD ?? process.cwd()) });
}

/** The smoke tables written since `since` (ms), for the summary `pnpm start` prints. */
export function smokeResultsSince(root: string, since: number): string[] {
  const results = join(root, 'results');
  if (!existsSync(results)) return [];
  return readdirSync(results, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(results, entry.name)).map((file) => join('results', entry.name, file)))
    .filter((file) => file.endsWith('.smoke.md') && statSync(join(root, file)).mtimeMs >= since)
    .sort();
}
