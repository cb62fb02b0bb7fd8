import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The captions files an image folder may hold (exactly one of them). */
export const CAPTION_FILES = ['captions.txt', 'captions.jsonl'] as const;

/**
 * Reads the folder's captions file into file name → caption.
 * - captions.txt: one line per image, `<file name><TAB><caption>`; blank lines and lines starting with # are skipped.
 * - captions.jsonl: one JSON object per line, `{"file": …, "caption": …}`; `file_name` and `text` (the
 *   Hugging Face imagefolder metadata.jsonl names) are accepted too.
 */
export function readCaptionFile(dir: string): Map<string, string> {
  const present = CAPTION_FILES.filter((name) => existsSync(join(dir, name)));
  if (present.length === 0) throw new Error(`image-folder: ${dir}: no captions file; add ${CAPTION_FILES.join(' or ')}`);
  if (present.length > 1) throw new Error(`image-folder: ${dir}: both ${present.join(' and ')}; keep one`);
  const path = join(dir, present[0] as string);
  const captions = new Map<string, string>();
  readFileSync(path, 'utf8').split(/\r?\n/).forEach((line, i) => {
    const where = `image-folder: ${path}: line ${i + 1}`;
    if (line.trim() === '' || (path.endsWith('.txt') && line.startsWith('#'))) return;
    const [file, caption] = path.endsWith('.txt') ? textEntry(line, where) : jsonEntry(line, where);
    if (captions.has(file)) throw new Error(`${where}: a second caption for ${file}`);
    captions.set(file, caption);
  });
  return captions;
}

function textEntry(line: string, where: string): [string, string] {
  const tab = line.indexOf('\t');
  if (tab < 0) throw new Error(`${where}: expected <file name><TAB><caption>, found no tab`);
  const [file, caption] = [line.slice(0, tab).trim(), line.slice(tab + 1).trim()];
  if (file === '' || caption === '') throw new Error(`${where}: empty ${file === '' ? 'file name' : 'caption'}`);
  return [file, caption];
}

function jsonEntry(line: string, where: string): [string, string] {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const file = record.file ?? record.file_name;
  const caption = record.caption ?? record.text;
  if (typeof file !== 'string' || file === '') throw new Error(`${where}: expected a "file" (or "file_name") string`);
  if (typeof caption !== 'string' || caption.trim() === '') throw new Error(`${where}: expected a non-empty "caption" (or "text") string for ${file}`);
  return [file, caption.trim()];
}
