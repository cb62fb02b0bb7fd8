/** How one safetensors dtype is stored on disk, and what it becomes when loaded into TensorFlow.js. */
export interface StoredDtype {
  bytesPerElement: number;
  tfDtype: 'float32' | 'int32';
  /**
   * Reads `count` little-endian elements from `view` (exactly the tensor's bytes). `where` starts the
   * message of any error about a value (used when an I64 value does not fit in int32).
   */
  read(view: DataView, count: number, where: string): Float32Array | Int32Array;
}

/** IEEE 754 half precision bits to a number (subnormals, infinities and NaN included). */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function readFloat32(view: DataView, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

function readFloat64(view: DataView, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

function readFloat16(view: DataView, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = halfToNumber(view.getUint16(2 * i, true));
  return out;
}

/** bfloat16 is the top half of a float32, so shifting its bits up 16 gives the float32 bits exactly. */
function readBfloat16(view: DataView, count: number): Float32Array {
  const bits = new Uint32Array(count);
  for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
  return new Float32Array(bits.buffer);
}

function readInt32(view: DataView, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
  return out;
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

function readInt64(view: DataView, count: number, where: string): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const value = view.getBigInt64(8 * i, true);
    if (value < INT32_MIN || value > INT32_MAX) {
      throw new Error(`${where}: I64 value ${value} at index ${i} does not fit in int32`);
    }
    out[i] = Number(value);
  }
  return out;
}

const STORED_DTYPES = new Map<string, StoredDtype>([
  ['F32', { bytesPerElement: 4, tfDtype: 'float32', read: readFloat32 }],
  ['F64', { bytesPerElement: 8, tfDtype: 'float32', read: readFloat64 }],
  ['F16', { bytesPerElement: 2, tfDtype: 'float32', read: readFloat16 }],
  ['BF16', { bytesPerElement: 2, tfDtype: 'float32', read: readBfloat16 }],
  ['I32', { bytesPerElement: 4, tfDtype: 'int32', read: readInt32 }],
  ['I64', { bytesPerElement: 8, tfDtype: 'int32', read: readInt64 }],
]);

export const READABLE_DTYPE_NAMES: readonly string[] = [...STORED_DTYPES.keys()];

/** The readable dtype with this safetensors name, or undefined if it cannot be loaded. */
export function readableDtype(name: string): StoredDtype | undefined {
  return STORED_DTYPES.get(name);
}
