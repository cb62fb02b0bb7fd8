import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
// Inside this package, so that '@hybridssm/core' resolves as it does for a user's project.
const SCRIPT_DIR = fileURLToPath(new URL('../dist/readme/', import.meta.url));

it("runs the README's usage example as written", async () => {
  const section = readFileSync(README, 'utf8').split('## Use the layers in your project')[1] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'README has a ```ts block under "Use the layers in your project"').toBeDefined();
  // The example is plain JavaScript apart from the fence's language tag, so Node runs it as a module.
  mkdirSync(SCRIPT_DIR, { recursive: true });
  const script = join(SCRIPT_DIR, 'example.mjs');
  writeFileSync(script, code as string);
  const cwd = mkdtempSync(join(tmpdir(), 'readme-'));
  const { stdout } = await promisify(execFile)('node', [script], { cwd });
  const match = /loss ([\d.]+) → ([\d.]+); first step output 4,32/.exec(stdout);
  expect(match, stdout).not.toBeNull();
  expect(Number(match?.[2])).toBeLessThan(Number(match?.[1]));
  expect(statSync(join(cwd, 'model.safetensors')).size).toBeGreaterThan(1000);
});
