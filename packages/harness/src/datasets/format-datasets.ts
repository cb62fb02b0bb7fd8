import type { DatasetEntry } from './dataset-entry.js';

const COLUMNS = ['name', 'aliases', 'file', 'rows', 'licence', 'source', 'checksum'] as const;

function checksumText(entry: DatasetEntry): string {
  if (entry.sha256 !== undefined) return `sha256 ${entry.sha256}`;
  if (entry.md5 !== undefined) return `md5 ${entry.md5}`;
  return '—';
}

function cellsOf(entry: DatasetEntry): string[] {
  return [
    entry.name,
    entry.aliases.length > 0 ? entry.aliases.join(', ') : '—',
    entry.file,
    entry.rows === undefined ? '—' : String(entry.rows),
    entry.licence,
    entry.source,
    checksumText(entry),
  ].map((cell) => cell.replace(/\|/g, '\\|'));
}

/** The entries as a Markdown table, padded so that it also reads as plain text in a terminal. */
export function formatDatasets(entries: readonly DatasetEntry[]): string {
  const rows = [[...COLUMNS], ...entries.map(cellsOf)];
  const widths = COLUMNS.map((_, column) => Math.max(3, ...rows.map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header!), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n') + '\n';
}
