/** How a binary field stores a number: float, signed or unsigned integer, and its size in bytes. */
export type NumericKind = 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';

/** Bytes one value of `kind` takes. */
export const NUMERIC_SIZE: Readonly<Record<NumericKind, number>> = {
  float32: 4,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
};

/** Reads one value of `kind` at `offset` (64-bit integers as the nearest double). */
export function readNumeric(view: DataView, offset: number, kind: NumericKind, littleEndian: boolean): number {
  switch (kind) {
    case 'float32':
      return view.getFloat32(offset, littleEndian);
    case 'float64':
      return view.getFloat64(offset, littleEndian);
    case 'int8':
      return view.getInt8(offset);
    case 'uint8':
      return view.getUint8(offset);
    case 'int16':
      return view.getInt16(offset, littleEndian);
    case 'uint16':
      return view.getUint16(offset, littleEndian);
    case 'int32':
      return view.getInt32(offset, littleEndian);
    case 'uint32':
      return view.getUint32(offset, littleEndian);
    case 'int64':
      return Number(view.getBigInt64(offset, littleEndian));
    case 'uint64':
      return Number(view.getBigUint64(offset, littleEndian));
  }
}
