/** What a PagedReader and its worker thread say to each other (paged-read.ts, paged-read.worker.ts). */

export interface PagedReadWorkerData {
  readonly file: string;
  /** Reads a page: the events after its first parameter, as many as its second, in log order. */
  readonly sql: string;
  readonly pageSize: number;
}

/** Starts a read of the log: pages of the events after `after`, numbered `read` (a reader reads many, one at a time). */
export interface StartRead {
  readonly read: number;
  readonly after: bigint;
  /** Module path of a DeriveAhead, or null. */
  readonly derive: string | null;
  /** Pages to read ahead at first (see PageCredit). */
  readonly pages: number;
}

/** Leave to read this many more pages. The worker reads on from where it is until a page comes back short. */
export interface PageCredit {
  readonly read: number;
  readonly pages: number;
}

/** Per row: where id, data, metadata and stream end in the page's bytes (the row starts where the last row ended). */
export const ENDS = 4;

export interface PageMessage {
  readonly read: number;
  readonly count: number;
  readonly bytes: ArrayBuffer;
  readonly ends: Int32Array;
  readonly positions: BigInt64Array;
  readonly revisions: Float64Array;
  readonly recordedAt: Float64Array;
  readonly typeOf: Int32Array;
  readonly types: string[];
  readonly derived: unknown;
}
