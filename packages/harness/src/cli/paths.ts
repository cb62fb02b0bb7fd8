import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

/**
 * Where relative paths start: the directory the user ran the command in. pnpm runs package scripts
 * inside the package but records the caller's directory in INIT_CWD.
 */
export function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export const resolvePath = (path: string) => (isAbsolute(path) ? path : resolve(invocationDir(), path));

/**
 * Checks, before any work, that `path` (the value of `--flag`) can be written as a file: it is not a
 * directory, and the nearest existing ancestor of its folder is a directory. Returns the resolved path.
 */
export function writableFilePath(flag: string, path: string): string {
  const resolved = resolvePath(path);
  if (existsSync(resolved) && statSync(resolved).isDirectory()) {
    throw new Error(`--${flag} must name a file, not the directory ${resolved}`);
  }
  let folder = dirname(resolved);
  while (!existsSync(folder)) folder = dirname(folder);
  if (!statSync(folder).isDirectory()) throw new Error(`--${flag}: cannot create ${resolved}: ${folder} is a file, not a directory`);
  return resolved;
}

/** Checks, before any work, that `path` (the value of `--flag`) is an existing file. Returns the resolved path. */
export function existingFilePath(flag: string, path: string): string {
  const resolved = resolvePath(path);
  if (!existsSync(resolved)) throw new Error(`--${flag}: no such file ${resolved}`);
  if (statSync(resolved).isDirectory()) throw new Error(`--${flag} must name a file, not the directory ${resolved}`);
  return resolved;
}
