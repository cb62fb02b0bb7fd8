import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem } from 'node:os';
import type { BackendInfo } from '@hybridssm/core';

export interface Provenance {
  backend: { name: string; message: string; adapter: string | null };
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; gpuAdapter: string | null };
  packages: Record<string, string>;
  git: { commit: string; dirty: boolean } | null;
}

const require = createRequire(import.meta.url);

/** Versions of the packages that computed a result: ours and TensorFlow.js. */
function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of ['@hybridssm/core', '@hybridssm/harness', '@tensorflow/tfjs']) {
    try {
      const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
      versions[name] = manifest.version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}

function gitState(): Provenance['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

/** Where and with what a result was computed: backend, machine, package versions, git commit. */
export function collectProvenance(backend: BackendInfo): Provenance {
  const adapter = backend.adapter === undefined ? null : `${backend.adapter.vendor} ${backend.adapter.architecture} ${backend.adapter.description}`.trim();
  return {
    backend: { name: backend.backend, message: backend.message, adapter },
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${platform()} ${release()}`,
      node: process.version,
      gpuAdapter: adapter,
    },
    packages: packageVersions(),
    git: gitState(),
  };
}
