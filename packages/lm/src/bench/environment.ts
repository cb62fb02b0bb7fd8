import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ArgumentError } from '@hybridssm/core';

/** The Python that runs the PyTorch side (Debian's python3-torch installs torch for it); env HYBRIDSSM_PYTHON overrides. */
export const PYTHON = process.env.HYBRIDSSM_PYTHON ?? '/usr/bin/python3.11';
/** The PyTorch twin of LanguageModel, in the package folder (src/bench and dist/bench are both two levels below it). */
export const TORCH_SCRIPT = fileURLToPath(new URL('../../python/lm_bench.py', import.meta.url));
/** Our side of each measurement, a child process: the built entry point (tests that import src/ spawn it too). */
export const OURS_CHILD = fileURLToPath(new URL('../../dist/bench/child.js', import.meta.url));

export type TorchAvailability = { ok: true; version: string; blas: string } | { ok: false; reason: string };

/** Prints torch's version and the BLAS library a matrix product loads (from the process's memory map). */
const TORCH_PROBE = [
  'import torch',
  'torch.ones(64, 64) @ torch.ones(64, 64)',
  "blas = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and '.so' in l})",
  "print(torch.__version__); print(blas[0] if blas else 'unknown')",
].join('\n');

/** Whether PYTHON can import torch, its version and its BLAS. */
export function probeTorch(): TorchAvailability {
  const result = spawnSync(PYTHON, ['-c', TORCH_PROBE], { encoding: 'utf8', timeout: 120_000 });
  if (result.error !== undefined) return { ok: false, reason: `${PYTHON} cannot run (${result.error.message})` };
  if (result.status !== 0) {
    const last = result.stderr.trim().split('\n').at(-1) ?? `exit code ${result.status}`;
    return { ok: false, reason: `${PYTHON} cannot import torch (${last})` };
  }
  const [version = 'unknown', blas = 'unknown'] = result.stdout.trim().split('\n');
  return { ok: true, version, blas };
}

/**
 * Debian's python3-torch calls whatever libblas.so.3 is installed; the reference (netlib) BLAS makes its
 * matrix products about 15× slower than OpenBLAS (about 4 against 68 GFLOP/s on one core here).
 */
export function referenceBlasWarning(blas: string): string | undefined {
  return /openblas|mkl|blis|atlas/i.test(blas)
    ? undefined
    : `--torch: PyTorch's BLAS is ${blas}, not an optimised one: its numbers are not representative (apt-get install libopenblas0-openmp)`;
}

export interface TorchInfo {
  version: string;
  threads: number;
  /** the BLAS library its matrix products load */
  blas: string;
}

/**
 * `--torch`: PyTorch's version, threads and BLAS when it runs beside ours, else null. Prints one line
 * when it cannot run (ours then runs alone) and one when its BLAS is the slow reference one.
 */
export function torchForBench(requested: boolean, threads: number): TorchInfo | null {
  if (!requested) return null;
  const probe = probeTorch();
  if (!probe.ok) {
    console.log(`--torch: ${probe.reason}; install it with apt-get install python3-torch. Running ours alone.`);
    return null;
  }
  const warning = referenceBlasWarning(probe.blas);
  if (warning !== undefined) console.log(warning);
  return { version: probe.version, threads, blas: probe.blas };
}

export const describeTorch = (torch: TorchInfo | null): string | null =>
  torch === null ? null : `${torch.version}, ${torch.threads} thread(s), BLAS ${torch.blas.split('/').slice(-2).join('/')}`;

/** The environment of the PyTorch child: `threads` for OpenMP and OpenBLAS too. */
export function torchEnv(threads: number): NodeJS.ProcessEnv {
  return { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  git: { commit: string; dirty: boolean } | null;
}

export function describeMachine(): Machine {
  let git: Machine['git'] = null;
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    git = { commit, dirty };
  } catch {
    // not a git checkout
  }
  return { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version, git };
}

/** A list of integers >= min from comma- or space-separated values (`--batch 8,2`, `--contexts 1024 8192`). */
export function integerList(flag: string, values: readonly (string | number)[], min: number): number[] {
  const items = values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (items.length === 0) throw new ArgumentError(`--${flag}: give at least one value`);
  const bad = items.filter((v) => !/^\d+$/.test(v) || Number(v) < min);
  if (bad.length > 0) throw new ArgumentError(`--${flag} must be integers >= ${min}; got ${bad.join(', ')}`);
  return items.map(Number);
}

export const formatBytes = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '—' : bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
