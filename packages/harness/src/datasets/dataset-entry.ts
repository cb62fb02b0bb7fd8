/**
 * What every domain's dataset declares, once, in its package; the harness lists, resolves and fetches
 * datasets from these entries. A domain extends it with the fields its loaders read.
 */
export interface DatasetEntry {
  /** The name table specs and CLIs use, e.g. ETTh1. */
  name: string;
  /** Other accepted names, e.g. ECL for Electricity; names and aliases match in any case. */
  aliases: readonly string[];
  /** Path under the data directory, e.g. ett/ETTh1.csv; a folder, e.g. modelnet10, where the entry has `unpack`. */
  file: string;
  /** Direct download of the canonical file (or of the archive `unpack` reads); '' where there is none. */
  url: string;
  /** Set where there is no direct download (`url` is ''): one line telling the user what to do instead. */
  manualDownload?: string;
  /** Where the dataset is published, for people (the url is for the fetcher). */
  source: string;
  licence: string;
  /** Data rows (a header excluded). */
  rows?: number;
  description?: string;
  /**
   * Hex digest of the file as written under the data directory (after fromDownload); for a folder
   * entry (one with `unpack`), of the downloaded archive, as the folder itself has no single digest.
   */
  md5?: string;
  /**
   * Hex digest of the file as written under the data directory (after fromDownload); for a folder
   * entry (one with `unpack`), of the downloaded archive, as the folder itself has no single digest.
   */
  sha256?: string;
  /** Makes the file from the downloaded bytes where the two differ, e.g. a column dropped. Not with `unpack`. */
  fromDownload?: (downloaded: Uint8Array) => Uint8Array;
  /**
   * Makes a folder dataset from the downloaded bytes (e.g. a zip's files): writes them into `targetDir`,
   * an empty folder that fetchDataset then renames to `file`, so the folder appears whole or not at all.
   * Throws, saying what is wrong, for a download it cannot unpack.
   */
  unpack?: (downloaded: Uint8Array, targetDir: string) => void;
}
