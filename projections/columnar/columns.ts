/**
 * Growable typed-array columns for the read model (entity table, valid-time index). Rows of numbers kept outside the JS object heap cost
 * eight bytes or less a field, are scanned at memory speed and give the garbage collector nothing to trace.
 */

type TypedArray = Int32Array | Float64Array | Uint8Array;

abstract class Column<A extends TypedArray> {
  protected values: A;
  length = 0;

  constructor(capacity: number) {
    this.values = this.allocate(Math.max(16, capacity));
  }

  protected abstract allocate(capacity: number): A;

  /** The backing array; valid up to `length`, and only until the next push. */
  get array(): A {
    return this.values;
  }

  push(value: number): number {
    if (this.length === this.values.length) {
      const grown = this.allocate(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    return this.length++;
  }

  get(index: number): number {
    return this.values[index]!;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }
}

export class Int32Column extends Column<Int32Array> {
  protected allocate(capacity: number): Int32Array {
    return new Int32Array(capacity);
  }
}

export class Float64Column extends Column<Float64Array> {
  protected allocate(capacity: number): Float64Array {
    return new Float64Array(capacity);
  }
}

export class Uint8Column extends Column<Uint8Array> {
  protected allocate(capacity: number): Uint8Array {
    return new Uint8Array(capacity);
  }
}

/** 64-bit integers (store positions) kept exactly, without a heap object each. */
export class BigInt64Column {
  private values = new BigInt64Array(16);
  length = 0;

  push(value: bigint): number {
    if (this.length === this.values.length) {
      const grown = new BigInt64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    return this.length++;
  }

  get(index: number): bigint {
    return this.values[index]!;
  }
}
