/** The element types of the IDX format (LeCun's MNIST files), by the type code in byte 3 of the magic. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds each IDX element type. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** How one IDX element type is coded, sized, stored and read. */
export interface IdxDtypeSpec {
  dtype: IdxDtype;
  code: number;
  bytes: number;
  create: (length: number) => IdxData;
  /** Reads element `index` of big-endian data. */
  get: (view: DataView, index: number) => number;
  /** Writes element `index` as big-endian data. */
  set: (view: DataView, index: number, value: number) => void;
}

export const IDX_DTYPES: readonly IdxDtypeSpec[] = [
  { dtype: 'uint8', code: 0x08, bytes: 1, create: (n) => new Uint8Array(n), get: (v, i) => v.getUint8(i), set: (v, i, x) => v.setUint8(i, x) },
  { dtype: 'int8', code: 0x09, bytes: 1, create: (n) => new Int8Array(n), get: (v, i) => v.getInt8(i), set: (v, i, x) => v.setInt8(i, x) },
  { dtype: 'int16', code: 0x0b, bytes: 2, create: (n) => new Int16Array(n), get: (v, i) => v.getInt16(i * 2), set: (v, i, x) => v.setInt16(i * 2, x) },
  { dtype: 'int32', code: 0x0c, bytes: 4, create: (n) => new Int32Array(n), get: (v, i) => v.getInt32(i * 4), set: (v, i, x) => v.setInt32(i * 4, x) },
  { dtype: 'float32', code: 0x0d, bytes: 4, create: (n) => new Float32Array(n), get: (v, i) => v.getFloat32(i * 4), set: (v, i, x) => v.setFloat32(i * 4, x) },
  { dtype: 'float64', code: 0x0e, bytes: 8, create: (n) => new Float64Array(n), get: (v, i) => v.getFloat64(i * 8), set: (v, i, x) => v.setFloat64(i * 8, x) },
];

/** The spec of an IDX type code, or undefined for a code the format does not define. */
export function idxDtypeByCode(code: number): IdxDtypeSpec | undefined {
  return IDX_DTYPES.find((spec) => spec.code === code);
}

/** The dtype whose typed array `data` is. */
export function idxDtypeOfData(data: IdxData): IdxDtype {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

/** The spec of the dtype whose typed array `data` is. */
export function idxDtypeSpecOf(data: IdxData): IdxDtypeSpec {
  const dtype = idxDtypeOfData(data);
  return IDX_DTYPES.find((spec) => spec.dtype === dtype) as IdxDtypeSpec;
}
