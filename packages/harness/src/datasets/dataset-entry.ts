/**
 * What every domain's dataset declares, once, in its package; the harness lists, resolves and fetches
 * datasets from these entries. A domain extends it with the fields its loaders read.
 */
export interface DatasetEntry {
  /** The name table specs and CLIs use, e.g. ETTh1. */
  name: string;
  /** Other accepted names, e.g. ECL for Electricity; names and aliases match in any case. */
  aliases: readonly string[];
  /** Path under the data directory, e.g. ett/ETTh1.csv. */
  file: string;
  /** Direct download of the canonical file. */
  url: string;
  /** Where the dataset is published, for people (the url is for the fetcher). */
  source: string;
  licence: string;
  /** Data rows (a header excluded). */
  rows?: number;
  description?: string;
  /** Hex digest of the file as written under the data directory (after fromDownload). */
  md5?: string;
  /** Hex digest of the file as written under the data directory (after fromDownload). */
  sha256?: string;
  /** Makes the file from the downloaded bytes where the two differ, e.g. a column dropped. */
  fromDownload?: (downloaded: Uint8Array) => Uint8Array;
}
