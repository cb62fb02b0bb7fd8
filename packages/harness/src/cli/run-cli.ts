import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Node CLI script to completion and captures its exit code and output, never throwing on a
 * non-zero exit (how the apps' tests check "one clear line and a non-zero exit"). INIT_CWD is set to
 * `cwd`, as pnpm would, so relative paths resolve there; `env` adds or overrides variables.
 */
export async function runCli(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [script, ...args], { cwd, env: { ...process.env, INIT_CWD: cwd, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
