import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@hybridssm/core';
import type { AggregatedCell } from '@hybridssm/harness';
import { runOneCell, validateTableSpec } from '@hybridssm/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqarTable } from './mqar-table.js';
import { phonebookTable } from './phonebook-table.js';
import { recallFindings } from './recall-findings.js';

const cell = (row: string, column: string, accuracy: number): AggregatedCell => ({
  row,
  column,
  seeds: [0],
  metrics: { accuracy: { mean: accuracy, std: 0, values: [accuracy] } },
  reported: { accuracy: null },
  wallTimeSeconds: 1,
});

describe('recall tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lm-recall-table-'));
  beforeAll(() => initBackend('wasm'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('have valid specs', () => {
    expect(() => validateTableSpec(mqarTable.spec)).not.toThrow();
    expect(() => validateTableSpec(phonebookTable.spec)).not.toThrow();
  });

  it('say per column whether the hybrid beats pure Mamba-2 and how it stands to the Transformer', () => {
    const findings = recallFindings(mqarTable.spec, [
      cell('transformer', 'pairs-8', 0.9),
      cell('mamba2', 'pairs-8', 0.5),
      cell('mamba2-hybrid', 'pairs-8', 0.95),
      cell('mamba2', 'pairs-16', 0.4),
      cell('mamba2-hybrid', 'pairs-16', 0.3),
      cell('mamba2-hybrid', 'pairs-32', 0.3),
    ], 'accuracy');
    expect(findings).toEqual([
      '8 pairs (query accuracy): transformer 0.900, mamba2 0.500, mamba2-hybrid 0.950 — the hybrid beats pure Mamba-2 (+0.450), and matches or beats the Transformer (+0.050).',
      '16 pairs (query accuracy): mamba2 0.400, mamba2-hybrid 0.300 — the hybrid does not beat pure Mamba-2 (-0.100).',
    ]);
  });

  it("runs an MQAR smoke cell: trains, scores the queries, keeps no tensor", async () => {
    const before = tf.memory().numTensors;
    const outcome = await runOneCell(mqarTable, { row: 'mamba2-hybrid', column: 'pairs-4', config: mqarTable.spec.scales.smoke.config, dir });
    expect(tf.memory().numTensors).toBe(before);
    expect(outcome.metrics.contextTokens).toBe(16);
    expect(outcome.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(outcome.metrics.accuracy).toBeLessThanOrEqual(1);
    expect(outcome.curves?.train).toHaveLength(20);
  });
});
