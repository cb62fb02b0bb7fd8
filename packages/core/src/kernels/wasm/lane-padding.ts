/**
 * An axis of `size` entries in `groups` equal groups, each zero-padded to a multiple of 4: the wasm
 * kernels hold 4 entries per f32x4 and a vector never straddles two groups. Zero channels (zero input,
 * A, D, bias, state) and zero state columns (zero B, C, state) stay zero through the scans and add
 * nothing to any gradient, so the padding changes no result; it is copied away on the way out.
 */
export class LanePadding {
  readonly width: number;
  readonly paddedWidth: number;
  /** Padded length of the axis. */
  readonly padded: number;

  constructor(
    readonly size: number,
    readonly groups = 1,
  ) {
    this.width = size / groups;
    this.paddedWidth = Math.ceil(this.width / 4) * 4;
    this.padded = groups * this.paddedWidth;
  }

  /** [rows, size] → `to` [rows, padded]. */
  pad(from: ArrayLike<number>, to: Float32Array): void {
    if (this.width === this.paddedWidth) return to.set(from);
    const { width, paddedWidth } = this;
    for (let segment = 0; segment < from.length / width; segment++) {
      for (let k = 0; k < width; k++) to[segment * paddedWidth + k] = from[segment * width + k] as number;
      to.fill(0, segment * paddedWidth + width, (segment + 1) * paddedWidth);
    }
  }

  /** [rows, padded] → `to` [rows, size]. */
  unpad(from: Float32Array, to: Float32Array): void {
    if (this.width === this.paddedWidth) return to.set(from.subarray(0, to.length));
    const { width, paddedWidth } = this;
    for (let segment = 0; segment < to.length / width; segment++) {
      to.set(from.subarray(segment * paddedWidth, segment * paddedWidth + width), segment * width);
    }
  }

  /** [batches, size, k] → `to` [batches, k, padded]. */
  padTransposed(from: ArrayLike<number>, k: number, to: Float32Array): void {
    const { size, padded } = this;
    to.fill(0);
    for (let batch = 0; batch < from.length / (size * k); batch++) {
      for (let c = 0; c < size; c++) {
        const at = batch * k * padded + this.paddedIndex(c);
        for (let j = 0; j < k; j++) to[at + j * padded] = from[(batch * size + c) * k + j] as number;
      }
    }
  }

  /** [batches, k, padded] → `to` [batches, size, k]. */
  unpadTransposed(from: Float32Array, k: number, to: Float32Array): void {
    const { size, padded } = this;
    for (let batch = 0; batch < to.length / (size * k); batch++) {
      for (let c = 0; c < size; c++) {
        const at = batch * k * padded + this.paddedIndex(c);
        for (let j = 0; j < k; j++) to[(batch * size + c) * k + j] = from[at + j * padded] as number;
      }
    }
  }

  private paddedIndex(c: number): number {
    return Math.floor(c / this.width) * this.paddedWidth + (c % this.width);
  }
}
