import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Vulkan loader that Dawn opens on Linux. */
export const VULKAN_LOADER = 'libvulkan.so.1';

export const NO_VULKAN_LOADER_REASON =
  `no Vulkan loader (${VULKAN_LOADER} not found; for a software adapter install libvulkan1 and mesa-vulkan-drivers, see README)`;

/** Where to look for the loader; a parameter so that tests do not depend on the machine. */
export interface LoaderSearch {
  platform: NodeJS.Platform;
  /** the dynamic linker's cache (`ldconfig`), which names every library of the configured directories */
  ldCachePath: string;
  /** directories looked in directly: LD_LIBRARY_PATH's, then the usual ones */
  libraryDirs: string[];
}

const USUAL_LIBRARY_DIRS = [
  '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib',
  '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/lib64', '/lib',
];

export function defaultLoaderSearch(): LoaderSearch {
  const fromEnvironment = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter((dir) => dir !== '');
  return { platform: process.platform, ldCachePath: '/etc/ld.so.cache', libraryDirs: [...fromEnvironment, ...USUAL_LIBRARY_DIRS] };
}

function ldCacheNames(path: string, library: string): boolean {
  try {
    return readFileSync(path).includes(library);
  } catch {
    return false; // no cache (or unreadable): the directories decide
  }
}

/**
 * Why Dawn must not be started here, or undefined if it may. Without a Vulkan loader, Dawn's native code
 * prints a multi-line "Couldn't load Vulkan" warning to stderr, which JavaScript cannot filter; so on
 * Linux the loader is looked for first, where the dynamic linker would find it. Other platforms use
 * Metal or Direct3D and are not checked.
 */
export function missingVulkanLoader(search: LoaderSearch = defaultLoaderSearch()): string | undefined {
  if (search.platform !== 'linux') return undefined;
  const found = ldCacheNames(search.ldCachePath, VULKAN_LOADER) || search.libraryDirs.some((dir) => existsSync(join(dir, VULKAN_LOADER)));
  return found ? undefined : NO_VULKAN_LOADER_REASON;
}
