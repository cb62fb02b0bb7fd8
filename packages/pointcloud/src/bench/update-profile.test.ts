import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@hybridssm/core';
import type { BackendInfo } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileTrainingUpdate, writeUpdateProfile } from './update-profile.js';

describe('profileTrainingUpdate', () => {
  let backend: BackendInfo;
  beforeAll(async () => {
    backend = await initBackend('wasm');
  });

  it("profiles a PoinTramba update by op: the inter-group Mamba runs core's fused scan kernel and its gradient; no leaks", async () => {
    const before = tf.memory().numTensors;
    const result = await profileTrainingUpdate(
      { model: 'pointramba', config: { transDim: 16, depth: 1, attentionDepth: 1, attentionNumHeads: 2, numGroups: 8, groupSize: 4, npoints: 64 }, batch: 2, updates: 1 },
      backend,
    );
    expect(tf.memory().numTensors).toBe(before);
    const names = result.profile.ops.map((op) => op.name);
    expect(names).toContain('HybridSsmSelectiveScan');
    expect(names).toContain('HybridSsmSelectiveScanGrad');
    expect(result.updateMs).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'profile-'));
    const [json, md] = writeUpdateProfile(result, dir);
    expect(JSON.parse(readFileSync(json as string, 'utf8')).batch).toBe(2);
    expect(readFileSync(md as string, 'utf8')).toMatch(/HybridSsmSelectiveScan 1×/);
  }, 60_000);
});
