import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractZipFolder, readZipEntries } from './unzip.js';
import { writeZip } from '../test-support/zip-writer.js';

const OFF = 'OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n';
/** The signature a central directory header starts with (APPNOTE 4.3.12). */
const CENTRAL_HEADER_SIGNATURE = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
const BINARY = Uint8Array.from({ length: 300 }, (_, index) => (index * 37) % 256);

let dir: string;
let target: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unzip-'));
  target = join(dir, 'modelnet10');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `root`, as sorted relative paths with '/'. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1).split('\\').join('/'))
    .sort();
}

describe('extractZipFolder', () => {
  it('writes stored and deflated files of the archive folder, byte for byte, without the folder prefix', () => {
    const zip = writeZip(
      [
        { name: 'ModelNet10/', contents: '', method: 0 },
        { name: 'ModelNet10/chair/train/chair_0001.off', contents: OFF },
        { name: 'ModelNet10/chair/test/chair_0890.off', contents: OFF, method: 0 },
        { name: 'ModelNet10/blob.bin', contents: BINARY },
        { name: 'ModelNet10/empty.txt', contents: '', method: 0 },
      ],
      'made by a test',
    );
    extractZipFolder(zip, 'ModelNet10', target);
    expect(filesUnder(target)).toEqual(['blob.bin', 'chair/test/chair_0890.off', 'chair/train/chair_0001.off', 'empty.txt']);
    expect(readFileSync(join(target, 'chair', 'train', 'chair_0001.off'), 'utf8')).toBe(OFF);
    expect(readFileSync(join(target, 'chair', 'test', 'chair_0890.off'), 'utf8')).toBe(OFF);
    expect(new Uint8Array(readFileSync(join(target, 'blob.bin')))).toEqual(BINARY);
    expect(readFileSync(join(target, 'empty.txt')).length).toBe(0);
  });

  it('takes only the archive folder, given with or without a trailing slash', () => {
    const zip = writeZip([
      { name: 'README.txt', contents: 'about' },
      { name: 'ModelNet10/bed/train/bed_0001.off', contents: OFF },
      { name: 'ModelNet10-extra/x.off', contents: OFF },
      { name: 'Other/ModelNet10/y.off', contents: OFF },
    ]);
    extractZipFolder(zip, 'ModelNet10/', target);
    expect(filesUnder(target)).toEqual(['bed/train/bed_0001.off']);
  });

  it('skips __MACOSX folders and dot-files', () => {
    const zip = writeZip([
      { name: '__MACOSX/ModelNet10/bed/train/._bed_0001.off', contents: 'resource fork' },
      { name: 'ModelNet10/__MACOSX/bed/x.off', contents: 'resource fork' },
      { name: 'ModelNet10/.DS_Store', contents: 'finder' },
      { name: 'ModelNet10/bed/train/._bed_0001.off', contents: 'resource fork' },
      { name: 'ModelNet10/bed/train/bed_0001.off', contents: OFF },
    ]);
    extractZipFolder(zip, 'ModelNet10', target);
    expect(filesUnder(target)).toEqual(['bed/train/bed_0001.off']);
  });

  it('says which folders the archive has when the archive folder is not one of them', () => {
    const zip = writeZip([{ name: 'modelnet10/a.off', contents: OFF }, { name: 'notes.txt', contents: 'x' }]);
    expect(() => extractZipFolder(zip, 'ModelNet10', target)).toThrow(
      'no files under ModelNet10/ in the archive; its top-level names: modelnet10, notes.txt',
    );
  });

  it('fails on a corrupted byte with the entry name and both CRC-32s', () => {
    const zip = writeZip([{ name: 'ModelNet10/a.off', contents: OFF, method: 0 }]);
    const at = Buffer.from(zip).indexOf('3 0 1 2');
    zip[at] = '4'.charCodeAt(0);
    expect(() => extractZipFolder(zip, 'ModelNet10', target)).toThrow(
      /^zip entry ModelNet10\/a\.off: CRC-32 [0-9a-f]{8}, the directory says [0-9a-f]{8}: a corrupt archive$/,
    );
  });

  it('fails on deflated data that does not inflate, naming the entry', () => {
    const zip = writeZip([{ name: 'ModelNet10/a.off', contents: OFF }]);
    zip.fill(0xff, 30 + 'ModelNet10/a.off'.length, 34 + 'ModelNet10/a.off'.length);
    expect(() => extractZipFolder(zip, 'ModelNet10', target)).toThrow(/^zip entry ModelNet10\/a\.off: deflated data does not inflate \(.+\): a corrupt archive$/);
  });

  it('fails when the central directory sizes disagree with the data, naming the entry', () => {
    const patched = (method: number, field: number, value: number) => {
      const zip = writeZip([{ name: 'ModelNet10/a.off', contents: OFF, method }]);
      const bytes = Buffer.from(zip.buffer);
      bytes.writeUInt32LE(value, bytes.indexOf(CENTRAL_HEADER_SIGNATURE) + field);
      return zip;
    };
    const [compressedSize, size] = [20, 24];
    expect(() => extractZipFolder(patched(8, size, 10), 'ModelNet10', target)).toThrow(
      'zip entry ModelNet10/a.off: inflates to more than the 10 bytes the directory says: a corrupt archive',
    );
    expect(() => extractZipFolder(patched(0, size, 100), 'ModelNet10', target)).toThrow(
      `zip entry ModelNet10/a.off: ${OFF.length} bytes, the directory says 100: a corrupt archive`,
    );
    expect(() => extractZipFolder(patched(0, compressedSize, 100_000), 'ModelNet10', target)).toThrow(
      'zip entry ModelNet10/a.off: data runs past the end of the archive: a truncated archive',
    );
  });

  it('fails on a truncated archive, or bytes that are no archive', () => {
    const zip = writeZip([{ name: 'ModelNet10/a.off', contents: OFF }]);
    const message = 'no end-of-central-directory record: not a zip archive, or a truncated one';
    expect(() => extractZipFolder(zip.subarray(0, zip.length - 30), 'ModelNet10', target)).toThrow(message);
    expect(() => extractZipFolder(new TextEncoder().encode(OFF), 'ModelNet10', target)).toThrow(message);
    expect(existsSync(target)).toBe(false);
  });

  it.each(['../evil.off', 'ModelNet10/../../evil.off', 'ModelNet10/a/..\\..\\..\\evil.off', '/tmp/evil.off', 'C:/evil.off'])(
    'refuses the whole archive for the zip-slip name %s, writing nothing',
    (name) => {
      const zip = writeZip([{ name: 'ModelNet10/a.off', contents: OFF }, { name, contents: 'evil' }]);
      expect(() => extractZipFolder(zip, 'ModelNet10', target)).toThrow(
        `zip entry ${name}: an absolute path or one with '..' would write outside the target folder; refusing the archive`,
      );
      expect(existsSync(target)).toBe(false);
    },
  );

  it('refuses encrypted entries, unsupported methods and zip64 archives', () => {
    const encrypted = writeZip([{ name: 'ModelNet10/a.off', contents: OFF, flags: 1 }]);
    expect(() => extractZipFolder(encrypted, 'ModelNet10', target)).toThrow('zip entry ModelNet10/a.off: encrypted entries are not supported');
    const bzip2 = writeZip([{ name: 'ModelNet10/a.off', contents: OFF, method: 12 }]);
    expect(() => extractZipFolder(bzip2, 'ModelNet10', target)).toThrow(
      'zip entry ModelNet10/a.off: compression method 12 is not supported (only 0, stored, and 8, deflated)',
    );
    const zip64 = writeZip([{ name: 'ModelNet10/a.off', contents: OFF }]);
    Buffer.from(zip64.buffer).writeUInt16LE(0xffff, zip64.length - 22 + 10);
    expect(() => extractZipFolder(zip64, 'ModelNet10', target)).toThrow('zip64 archives are not supported');
  });
});

describe('readZipEntries', () => {
  it('lists every entry of the central directory with its method and sizes', () => {
    const zip = writeZip([
      { name: 'd/', contents: '', method: 0 },
      { name: 'd/a.off', contents: OFF, method: 0 },
      { name: 'd/b.bin', contents: BINARY },
    ]);
    expect(readZipEntries(zip).map(({ name, method, size }) => [name, method, size])).toEqual([
      ['d/', 0, 0],
      ['d/a.off', 0, OFF.length],
      ['d/b.bin', 8, BINARY.length],
    ]);
  });
});
