import { crc32, deflateRawSync } from 'node:zlib';

/** Test support: a file for writeZip. */
export interface ZipFileSpec {
  name: string;
  contents: string | Uint8Array;
  /** 8 (default) deflates; any other number stores the bytes as they are under that method number. */
  method?: number;
  /** General-purpose flags (APPNOTE 4.4.4), e.g. 1 for "encrypted"; UTF-8 names (bit 11) are always set. */
  flags?: number;
}

const UTF8_NAMES = 0x0800;
const DOS_DATE_1980_01_01 = 0x0021;

/**
 * Test support: a minimal ZIP writer (APPNOTE 4.3.7 local headers, 4.3.12 central directory, 4.3.16
 * end record), to build the archives the unzip tests read.
 */
export function writeZip(files: readonly ZipFileSpec[], comment = ''): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const contents = typeof file.contents === 'string' ? Buffer.from(file.contents, 'utf8') : Buffer.from(file.contents);
    const method = file.method ?? 8;
    const packed = method === 8 ? deflateRawSync(contents) : contents;
    const flags = (file.flags ?? 0) | UTF8_NAMES;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc32(contents), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(contents.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc32(contents), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(contents.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment, 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(commentBytes.length, 20);
  return new Uint8Array(Buffer.concat([...locals, directory, end, commentBytes]));
}
