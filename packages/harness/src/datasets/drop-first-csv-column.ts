/**
 * A `fromDownload` that removes a CSV's first column, checking that its header is `expectedHeader`
 * (quotes ignored), e.g. the weather benchmark's file without its date column.
 */
export function dropFirstCsvColumn(expectedHeader: string): (downloaded: Uint8Array) => Uint8Array {
  return (downloaded) => {
    const lines = new TextDecoder().decode(downloaded).split('\n');
    const header = lines[0]?.split(',')[0]?.replace(/"/g, '').trim();
    if (header !== expectedHeader) {
      throw new Error(`expected a first column '${expectedHeader}', the header starts '${header}'`);
    }
    return new TextEncoder().encode(lines.map((line) => line.slice(line.indexOf(',') + 1)).join('\n'));
  };
}
