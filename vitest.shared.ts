import { defineConfig } from 'vitest/config';

/**
 * Settings every package's tests share. With HYBRIDSSM_TEST_REPORT set (as .ci/run does), each package
 * also writes a JSON report there, so CI can print one pass/fail total over all packages.
 */
export function packageTestConfig(packageName: string) {
  const report = process.env.HYBRIDSSM_TEST_REPORT;
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout: 180_000,
      hookTimeout: 180_000,
      pool: 'forks',
      reporters: report ? ['default', 'json'] : ['default'],
      ...(report ? { outputFile: { json: `${report}/${packageName}.json` } } : {}),
    },
  });
}
