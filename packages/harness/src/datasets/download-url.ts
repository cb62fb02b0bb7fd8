/** Fetches a URL's body; what fetchDataset calls unless a test gives it another. */
export type DownloadUrl = (url: string) => Promise<Uint8Array>;

export const downloadUrl: DownloadUrl = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
};
