import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * A reader for the ZIP archives datasets come in (PKWARE APPNOTE.TXT 6.3): one disk, no zip64, no
 * encryption, entries stored (method 0) or deflated (method 8), every entry checked against its CRC-32
 * and sizes. Section numbers below are the APPNOTE's.
 */

/** One file or folder (name ending in '/') of an archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50; // 4.3.16, 22 bytes and a comment of up to 65,535
const ZIP64_END_LOCATOR = 0x07064b50; // 4.3.15, the 20 bytes just before the end record
const CENTRAL_HEADER = 0x02014b50; // 4.3.12, 46 bytes, then name, extra field and comment
const LOCAL_HEADER = 0x04034b50; // 4.3.7, 30 bytes, then name, extra field and the data
const ENCRYPTED_FLAGS = 0x0001 | 0x0040; // 4.4.4 bits 0 (encrypted) and 6 (strong encryption)
const NAME_DECODER = new TextDecoder();
const STORED = 0;
const DEFLATED = 8;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The offset of the end-of-central-directory record: the last signature whose comment ends the archive. */
function findEndRecord(bytes: Uint8Array): number {
  const data = view(bytes);
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (data.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY && at + 22 + data.getUint16(at + 20, true) === bytes.length) return at;
  }
  throw new Error('no end-of-central-directory record: not a zip archive, or a truncated one');
}

/** The central directory's entries (4.3.12), their names checked to stay inside the folder they unpack to. */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] {
  const data = view(bytes);
  const end = findEndRecord(bytes);
  const count = data.getUint16(end + 10, true);
  const directorySize = data.getUint32(end + 12, true);
  const directoryOffset = data.getUint32(end + 16, true);
  // 4.4.1.4: a zip64 archive saturates these fields and puts the real values in its zip64 records.
  const zip64 = count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff;
  if (zip64 || (end >= 20 && data.getUint32(end - 20, true) === ZIP64_END_LOCATOR)) {
    throw new Error('zip64 archives are not supported');
  }
  if (data.getUint16(end + 4, true) !== 0 || data.getUint16(end + 6, true) !== 0) {
    throw new Error('split (multi-disk) archives are not supported');
  }
  if (directoryOffset + directorySize > end) {
    throw new Error('the central directory runs past the end record: a truncated or corrupt archive');
  }

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || data.getUint32(at, true) !== CENTRAL_HEADER) {
      throw new Error(`central directory entry ${index + 1} of ${count} is missing: a corrupt archive`);
    }
    const nameLength = data.getUint16(at + 28, true);
    // Names are UTF-8 (4.4.4 bit 11) or IBM 437; the datasets' names are ASCII, where the two agree.
    const name = NAME_DECODER.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entry: ZipEntry = {
      name,
      method: data.getUint16(at + 10, true),
      crc32: data.getUint32(at + 16, true),
      compressedSize: data.getUint32(at + 20, true),
      size: data.getUint32(at + 24, true),
      localHeaderOffset: data.getUint32(at + 42, true),
    };
    if ((data.getUint16(at + 8, true) & ENCRYPTED_FLAGS) !== 0) {
      throw new Error(`zip entry ${name}: encrypted entries are not supported`);
    }
    if ([entry.compressedSize, entry.size, entry.localHeaderOffset].includes(0xffffffff)) {
      throw new Error(`zip entry ${name}: zip64 entries are not supported`);
    }
    requireRelativeName(name);
    entries.push(entry);
    at += 46 + nameLength + data.getUint16(at + 30, true) + data.getUint16(at + 32, true);
  }
  return entries;
}

/** Refuses names that would write outside the target folder ("zip slip"): absolute, or with a '..' part. */
function requireRelativeName(name: string): void {
  const parts = name.split(/[/\\]/);
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || parts.includes('..')) {
    throw new Error(
      `zip entry ${name}: an absolute path or one with '..' would write outside the target folder; refusing the archive`,
    );
  }
}

/** The entry's contents, inflated and checked against the central directory's sizes and CRC-32. */
function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = view(bytes);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || data.getUint32(at, true) !== LOCAL_HEADER) {
    throw new Error(`zip entry ${entry.name}: no local header at offset ${at}: a corrupt archive`);
  }
  // The local header's own CRC and sizes may be zero (4.4.4 bit 3, data descriptor), so the central directory's are used.
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    throw new Error(`zip entry ${entry.name}: data runs past the end of the archive: a truncated archive`);
  }
  const contents = unpackData(entry, bytes.subarray(start, start + entry.compressedSize));
  if (contents.length !== entry.size) {
    throw new Error(`zip entry ${entry.name}: ${contents.length} bytes, the directory says ${entry.size}: a corrupt archive`);
  }
  const actual = crc32(contents) >>> 0;
  if (actual !== entry.crc32) {
    throw new Error(`zip entry ${entry.name}: CRC-32 ${hex(actual)}, the directory says ${hex(entry.crc32)}: a corrupt archive`);
  }
  return contents;
}

function unpackData(entry: ZipEntry, packed: Uint8Array): Uint8Array {
  if (entry.method === STORED) return packed;
  if (entry.method !== DEFLATED) {
    throw new Error(`zip entry ${entry.name}: compression method ${entry.method} is not supported (only 0, stored, and 8, deflated)`);
  }
  try {
    // A cap one byte past the declared size tells a wrong size from a right one without inflating a zip bomb.
    return inflateRawSync(packed, { maxOutputLength: entry.size + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`zip entry ${entry.name}: inflates to more than the ${entry.size} bytes the directory says: a corrupt archive`);
    }
    throw new Error(`zip entry ${entry.name}: deflated data does not inflate (${(error as Error).message}): a corrupt archive`);
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Skipped when extracting: macOS resource forks (`__MACOSX/`) and dot-files such as `.DS_Store`. */
function isJunk(relativePath: string): boolean {
  return relativePath.split('/').some((part) => part === '__MACOSX' || part.startsWith('.'));
}

/**
 * Writes the files under `archiveFolder/` in the zip `bytes` to `targetDir` (which it creates), without
 * the folder prefix: e.g. ModelNet10/chair/train/chair_0001.off → <targetDir>/chair/train/chair_0001.off.
 * Junk (`__MACOSX/`, dot-files) is skipped; an archive without files under `archiveFolder/` is an error.
 */
export function extractZipFolder(bytes: Uint8Array, archiveFolder: string, targetDir: string): void {
  const prefix = `${archiveFolder.replace(/\/+$/, '')}/`;
  const entries = readZipEntries(bytes);
  const files = entries.filter(
    (entry) => entry.name.startsWith(prefix) && !entry.name.endsWith('/') && !isJunk(entry.name.slice(prefix.length)),
  );
  if (files.length === 0) {
    const folders = [...new Set(entries.map((entry) => entry.name.split('/')[0]))].join(', ');
    throw new Error(`no files under ${prefix} in the archive; its top-level names: ${folders || 'none'}`);
  }
  mkdirSync(targetDir, { recursive: true });
  for (const entry of files) {
    const path = join(targetDir, entry.name.slice(prefix.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, readZipEntry(bytes, entry));
  }
}
