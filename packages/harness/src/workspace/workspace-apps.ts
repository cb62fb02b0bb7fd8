import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** An app of the workspace (apps/<dir>/package.json), as the root commands find it. */
export interface WorkspaceApp {
  dir: string;
  packageName: string;
  /** the bin's command (hybridssm-<app>) and its script */
  command: string | undefined;
  bin: string | undefined;
  scripts: Record<string, string>;
}

interface PackageJson {
  name?: string;
  bin?: string | Record<string, string>;
  scripts?: Record<string, string>;
}

/** Every app under `<root>/apps/`, in name order: no list is kept anywhere, a new folder is found. */
export function findWorkspaceApps(root: string): WorkspaceApp[] {
  const appsDir = join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(appsDir, name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      const [command, bin] = typeof manifest.bin === 'string' ? [name, manifest.bin] : (Object.entries(manifest.bin ?? {})[0] ?? []);
      return { dir, packageName: manifest.name ?? name, command, bin: bin === undefined ? undefined : join(dir, bin), scripts: manifest.scripts ?? {} };
    });
}

/** The short name a user types after `pnpm hybridssm`: the command without its `hybridssm-` prefix. */
export const shortName = (app: WorkspaceApp) => (app.command ?? '').replace(/^hybridssm-/, '');
