import { JsonObject, StoredEvent } from '../event-store/event-store.port';
import { DeriveAhead, DerivedPage, RowsToDerive, derivedAheadOf } from '../event-store/read-ahead';
import { chainHash, chainLinkIn } from '../events/envelope';

/**
 * Verify's chain hashes, computed on the store's read-ahead thread while the verifier checks the page before:
 * parsing an event's data and metadata, writing its canonical JSON and hashing it is most of verify's work, and
 * the read-ahead thread is otherwise idle most of the time. Each row's hash is the one `chainHash` gives for the
 * event with the `prev` its own stored chain names, which is exactly what ChainVerifier recomputes; the verifier
 * still compares it with the stored hash and checks `prev` against the stream's previous event itself.
 */
export const CHAIN_HASH_AHEAD: DeriveAhead = { module: __filename };

const HEX = 64;
/** Written where a row's hash could not be computed here: the verifier then computes it (and says why it fails). */
const NOT_COMPUTED = '-'.repeat(HEX);

export function derivePage(rows: RowsToDerive): DerivedPage {
  let hashes = '';
  for (let row = 0; row < rows.count; row++) hashes += hashOfRow(rows, row);
  return { value: hashes, transfer: [] };
}

function hashOfRow(rows: RowsToDerive, row: number): string {
  try {
    const metadata = JSON.parse(rows.metadataText(row)) as JsonObject;
    const prev = chainLinkIn(metadata)?.prev;
    if (prev === undefined) return NOT_COMPUTED;
    const data = JSON.parse(rows.dataText(row)) as JsonObject;
    return chainHash(prev, { stream: rows.stream(row), revision: rows.revision(row), type: rows.type(row), data, metadata });
  } catch {
    return NOT_COMPUTED;
  }
}

/** The hash the read-ahead thread computed for this event, if it came through one with CHAIN_HASH_AHEAD. */
export function chainHashAheadOf(event: StoredEvent): string | undefined {
  const derived = derivedAheadOf(event);
  if (derived === null || typeof derived.derivedPage !== 'string') return undefined;
  const hash = derived.derivedPage.slice(derived.derivedRow * HEX, (derived.derivedRow + 1) * HEX);
  return hash.length === HEX && hash !== NOT_COMPUTED ? hash : undefined;
}

