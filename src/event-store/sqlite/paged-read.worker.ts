import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { DerivedPage, RowsToDerive } from '../read-ahead';
import { ENDS, PageCredit, PageMessage, PagedReadWorkerData, StartRead } from './paged-read.protocol';

/**
 * The thread a PagedReader reads on (see paged-read.ts). For each read it is asked to start (StartRead), it
 * reads the log forwards page by page, as many pages ahead as the reader leaves it (PageCredit), and sends each
 * as the rows' text as UTF-8 in one buffer and their other columns in typed arrays, all moved (not copied) to
 * the reader, with what the subscriber's DeriveAhead module derived from the page when it gave one. A read
 * ends after the first short page or an error.
 */

/** Columns in the order the store reads them. */
type Row = [position: bigint, id: string, stream: string, revision: bigint, type: string, data: string, metadata: string, recordedAt: string];

function readPages(port: NonNullable<typeof parentPort>, config: PagedReadWorkerData): void {
  const db = new Database(config.file, { readonly: true, fileMustExist: true });
  const select = db.prepare(config.sql).raw(true).safeIntegers(true);
  let derivePage: ((rows: RowsToDerive) => DerivedPage) | null = null;
  const types: string[] = [];
  const typeCodes = new Map<string, number>();

  let read = -1;
  let after = 0n;
  let credit = 0;
  let done = true;
  // Where a page's text is written first, at 3 bytes a character at most; kept from page to page, as memory
  // fresh from the system costs a fault on every first touch of each of its pages.
  let scratch = Buffer.allocUnsafeSlow(0);

  const readPage = (): PageMessage & { transfer: ArrayBuffer[] } => {
    const rows = select.all(after, config.pageSize) as Row[];
    let room = 0;
    for (const row of rows) room += row[1].length + row[2].length + row[5].length + row[6].length;
    if (scratch.length < room * 3) scratch = Buffer.allocUnsafeSlow(room * 3 * 2);
    const bytes = scratch;
    const ends = new Int32Array(rows.length * ENDS);
    const positions = new BigInt64Array(rows.length);
    const revisions = new Float64Array(rows.length);
    const recordedAt = new Float64Array(rows.length);
    const typeOf = new Int32Array(rows.length);
    let used = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      used += bytes.write(row[1], used);
      ends[i * ENDS] = used;
      used += bytes.write(row[5], used);
      ends[i * ENDS + 1] = used;
      used += bytes.write(row[6], used);
      ends[i * ENDS + 2] = used;
      used += bytes.write(row[2], used);
      ends[i * ENDS + 3] = used;
      positions[i] = row[0];
      revisions[i] = Number(row[3]);
      recordedAt[i] = Date.parse(row[7]);
      let type = typeCodes.get(row[4]);
      if (type === undefined) {
        type = types.length;
        types.push(row[4]);
        typeCodes.set(row[4], type);
      }
      typeOf[i] = type;
    }
    const derived = derivePage?.({
      count: rows.length,
      stream: (i) => rows[i]![2],
      type: (i) => rows[i]![4],
      revision: (i) => rows[i]![3],
      dataText: (i) => rows[i]![5],
      metadataText: (i) => rows[i]![6],
    });
    // The text as long as it is, not as long as it could have been (3 bytes a character).
    const text = Buffer.allocUnsafeSlow(Math.max(1, used));
    bytes.copy(text, 0, 0, used);
    if (rows.length > 0) after = positions[rows.length - 1]!;
    const transfer = [text.buffer, ends.buffer, positions.buffer, revisions.buffer, recordedAt.buffer, typeOf.buffer, ...(derived?.transfer ?? [])];
    return { read, count: rows.length, bytes: text.buffer, ends, positions, revisions, recordedAt, typeOf, types, derived: derived?.value, transfer };
  };

  port.on('message', (message: StartRead | PageCredit) => {
    if ('after' in message) {
      read = message.read;
      after = message.after;
      credit = 0;
      done = false;
      try {
        derivePage = message.derive ? (require(message.derive) as { derivePage: (rows: RowsToDerive) => DerivedPage }).derivePage : null;
      } catch (error) {
        done = true;
        port.postMessage({ read, error: `cannot load ${message.derive}: ${(error as Error).message}` });
      }
    } else if (message.read !== read) return;
    credit += message.pages;
    while (credit > 0 && !done) {
      credit--;
      try {
        const { transfer, ...page } = readPage();
        done = page.count < config.pageSize;
        port.postMessage(page, transfer);
      } catch (error) {
        done = true;
        port.postMessage({ read, error: (error as Error).message });
      }
    }
  });
}

if (parentPort) readPages(parentPort, workerData as PagedReadWorkerData);
