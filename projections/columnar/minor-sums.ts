import { Float64Column } from './columns';

/**
 * Sums of integers (amounts in minor units), exact and fast: each a float while it is a safe integer, spilling
 * into a bigint before it would round. Indexed by a small integer (e.g. a key and a side).
 */
export class MinorSums {
  private small: Float64Array;
  private big: bigint[] = [];
  private touched: Uint8Array;

  constructor(size: number) {
    this.small = new Float64Array(size);
    this.touched = new Uint8Array(size);
  }

  add(i: number, minor: number): void {
    const next = this.small[i]! + minor;
    this.touched[i] = 1;
    if (next <= Number.MAX_SAFE_INTEGER && next >= -Number.MAX_SAFE_INTEGER) this.small[i] = next;
    else {
      this.big[i] = (this.big[i] ?? 0n) + BigInt(this.small[i]!);
      this.small[i] = minor;
    }
  }

  addBig(i: number, minor: bigint): void {
    this.touched[i] = 1;
    this.big[i] = (this.big[i] ?? 0n) + minor;
  }

  /** Whether anything was added at i, even zero. */
  has(i: number): boolean {
    return this.touched[i] === 1;
  }

  value(i: number): bigint {
    return (this.big[i] ?? 0n) + BigInt(this.small[i]!);
  }
}

/** A column of integer amounts: where one does not fit a safe integer it is kept aside, and the column holds NaN. */
export class Amounts {
  readonly column = new Float64Column(1024);
  private readonly large = new Map<number, bigint>();

  push(row: number, minor: bigint): void {
    const small = Number(minor);
    if (Number.isSafeInteger(small)) this.column.push(small);
    else {
      this.column.push(Number.NaN);
      this.large.set(row, minor);
    }
  }

  get(row: number): bigint {
    const small = this.column.get(row);
    return Number.isNaN(small) ? this.large.get(row)! : BigInt(small);
  }

  addTo(sums: MinorSums, i: number, row: number, values: Float64Array): void {
    const small = values[row]!;
    if (small === small) sums.add(i, small);
    else sums.addBig(i, this.large.get(row)!);
  }
}
