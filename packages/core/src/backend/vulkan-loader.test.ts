import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_VULKAN_LOADER_REASON, missingVulkanLoader } from './vulkan-loader.js';

/** A fake file system: an ld.so.cache holding `cached`, and library directories (only `withLoader` holds the loader). */
function fakeMachine(cached: string) {
  const root = mkdtempSync(join(tmpdir(), 'vulkan-'));
  const ldCachePath = join(root, 'ld.so.cache');
  writeFileSync(ldCachePath, `ld.so-1.7.0\0${cached}\0/usr/lib/libc.so.6\0`);
  const empty = join(root, 'empty');
  const withLoader = join(root, 'with-loader');
  mkdirSync(empty);
  mkdirSync(withLoader);
  writeFileSync(join(withLoader, 'libvulkan.so.1'), '');
  return { ldCachePath, empty, withLoader, missingCache: join(root, 'no-such-cache') };
}

describe('missingVulkanLoader', () => {
  const machine = fakeMachine('libz.so.1');

  it('finds the loader named in the ld.so cache', () => {
    const cached = fakeMachine('/usr/lib/x86_64-linux-gnu/libvulkan.so.1');
    expect(missingVulkanLoader({ platform: 'linux', ldCachePath: cached.ldCachePath, libraryDirs: [cached.empty] })).toBeUndefined();
  });

  it('finds the loader in a library directory when the cache does not name it or is absent', () => {
    expect(missingVulkanLoader({ platform: 'linux', ldCachePath: machine.ldCachePath, libraryDirs: [machine.empty, machine.withLoader] })).toBeUndefined();
    expect(missingVulkanLoader({ platform: 'linux', ldCachePath: machine.missingCache, libraryDirs: [machine.withLoader] })).toBeUndefined();
  });

  it('says why, naming the library and the packages, when neither has it', () => {
    expect(missingVulkanLoader({ platform: 'linux', ldCachePath: machine.ldCachePath, libraryDirs: [machine.empty] })).toBe(NO_VULKAN_LOADER_REASON);
    expect(NO_VULKAN_LOADER_REASON).toBe(
      'no Vulkan loader (libvulkan.so.1 not found; for a software adapter install libvulkan1 and mesa-vulkan-drivers, see README)',
    );
  });

  it('does not look on other platforms', () => {
    expect(missingVulkanLoader({ platform: 'darwin', ldCachePath: machine.missingCache, libraryDirs: [] })).toBeUndefined();
  });
});
