import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
// Bytes from the superblock's start to its base address: versions 0 and 1 have fixed fields first, 2 and 3 fewer.
const BASE_ADDRESS_AT: Readonly<Record<number, number>> = { 0: 24, 1: 28, 2: 12, 3: 12 };

/**
 * Checks, before the HDF5 library sees it, that `path` exists, holds an HDF5 signature (at 0 or a
 * 512·2ᵏ user-block offset) and is as long as its superblock's end-of-file address says; errors start
 * with `where` (the library itself would only print a diagnostic and fail with an unclear message).
 */
export function checkHdf5File(path: string, where: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${where}: file not found` : `${where}: cannot open: ${(error as Error).message}`);
  }
  try {
    const size = fstatSync(fd).size;
    const readAt = (offset: number, length: number): Buffer => {
      const buffer = Buffer.alloc(length);
      return buffer.subarray(0, readSync(fd, buffer, 0, length, offset));
    };
    let start = -1;
    for (let offset = 0; offset + SIGNATURE.length <= size; offset = offset === 0 ? 512 : offset * 2) {
      const bytes = readAt(offset, SIGNATURE.length);
      if (SIGNATURE.every((byte, i) => bytes[i] === byte)) {
        start = offset;
        break;
      }
    }
    if (start < 0) throw new Error(`${where}: not an HDF5 file (no HDF5 signature, ${size} bytes)`);
    const version = readAt(start + 8, 1)[0];
    const baseAddressAt = version === undefined ? undefined : BASE_ADDRESS_AT[version];
    // A version this check does not know is left to the library.
    if (baseAddressAt === undefined) return;
    const offsetSize = readAt(start + (version! < 2 ? 13 : 9), 1)[0];
    if (offsetSize !== 8 && offsetSize !== 4) throw new Error(`${where}: truncated or corrupt HDF5 superblock (${size} bytes)`);
    // Base address, then one address (free space / superblock extension), then the end-of-file address.
    const addresses = readAt(start + baseAddressAt, offsetSize * 3);
    if (addresses.length < offsetSize * 3) throw new Error(`${where}: truncated: the HDF5 superblock is cut off (${size} bytes)`);
    const address = (i: number) => Number(offsetSize === 8 ? addresses.readBigUInt64LE(i * 8) : BigInt(addresses.readUInt32LE(i * 4)));
    const end = address(0) + address(2);
    if (size < end) throw new Error(`${where}: truncated: superblock says ${end} bytes, ${size} on disk`);
  } finally {
    closeSync(fd);
  }
}
