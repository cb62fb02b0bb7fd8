/** The text lines of a file's ASCII header and the byte offset where the data after it begins. */
export interface HeaderLines {
  lines: string[];
  dataStart: number;
}

const NEWLINE = 0x0a;

/**
 * Splits the start of `bytes` into lines (latin1, CR/LF stripped, surrounding blanks trimmed) up to and
 * including the first line for which `isLast` holds; null when the file ends before such a line.
 */
export function readHeaderLines(bytes: Uint8Array, isLast: (line: string) => boolean): HeaderLines | null {
  const decoder = new TextDecoder('latin1');
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    const line = decoder.decode(bytes.subarray(start, end)).trim();
    lines.push(line);
    start = end + 1;
    if (isLast(line)) return { lines, dataStart: Math.min(start, bytes.length) };
  }
  return null;
}
