import { syntheticEvents } from '../../../bench/synthetic-ledger';
import { kindOfStream } from '../../../projections/ledger/fact-record';
import { derivePage, firstFactTermsOf } from '../../../projections/valid-time/first-fact-terms';
import { firstFactTerms, isIndexed } from '../../../projections/valid-time/indexed-terms';
import type { JsonObject, StoredEvent } from '../../../src/event-store/event-store.port';

/**
 * Terms derived ahead on the reading thread must be exactly what the fold would derive from the event itself,
 * once they have crossed to another thread (structured clone, buffers moved).
 */

interface Row {
  readonly stream: string;
  readonly type: string;
  readonly data: JsonObject;
}

function crossThreads(rows: readonly Row[], eighths = 8) {
  const { value, transfer } = derivePage(
    {
      count: rows.length,
      stream: (i) => rows[i]!.stream,
      type: (i) => rows[i]!.type,
      revision: () => 0n,
      dataText: (i) => JSON.stringify(rows[i]!.data),
      metadataText: () => '{}',
    },
    eighths,
  );
  return structuredClone(value, { transfer });
}

/**
 * An event as a page delivers it. Without `readable`, reading its data fails, so an answer proves it came from
 * the page.
 */
function pagedEvent(row: Row, page: unknown, index: number, readable = false): StoredEvent {
  const event = {
    id: `e${index}`,
    stream: row.stream,
    revision: 0n,
    position: BigInt(index + 1),
    recordedAt: new Date(0),
    type: row.type,
    get data(): JsonObject {
      throw new Error('read the data');
    },
    metadata: {},
    derivedPage: page,
    derivedRow: index,
  };
  if (readable) Object.defineProperty(event, 'data', { value: row.data });
  return event as StoredEvent;
}

const outcome = (derive: () => unknown) => {
  try {
    return { terms: derive() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('first-fact terms derived ahead', () => {
  const synthetic: Row[] = [...syntheticEvents({ events: 3000, seed: 11 })].map(({ stream, event }) => ({ stream, type: event.type, data: event.data }));
  const page = crossThreads(synthetic);

  it('are what the fold derives from each event, and come from the page wherever the fold would index one', () => {
    let fromPage = 0;
    synthetic.forEach((row, i) => {
      const kind = kindOfStream(row.stream);
      if (!isIndexed(kind, row.type) || row.type === 'FactCorrected' || row.type === 'FactRetracted') return;
      expect(firstFactTermsOf(kind, pagedEvent(row, page, i))).toEqual(firstFactTerms(kind, row.type, row.data));
      fromPage++;
    });
    expect(fromPage).toBeGreaterThan(500);
  });

  it('leave to the fold what they cannot carry exactly or could not derive: it derives it, or fails, the same way', () => {
    const total = { amount: '90071992547409930', currency: 'USD' };
    const rows: Row[] = [
      { stream: 'pledge-huge', type: 'PledgeMade', data: { pledgeId: 'huge', donorId: 'a', recipientId: 'b', total, occurredOn: '2020' } },
      { stream: 'pledge-bad-day', type: 'PledgeMade', data: { pledgeId: 'x', donorId: 'a', recipientId: 'b', total: { amount: '1', currency: 'USD' }, occurredOn: '2023-02-30' } },
      { stream: 'office-bad-day', type: 'OfficeOpened', data: { officeId: 'o', occurredOn: 'soon' } },
      { stream: 'office-o1', type: 'OfficeClosed', data: { officeId: 'o1', occurredOn: '2020' } },
      { stream: 'agreement-none', type: 'AgreementSigned', data: { agreementId: 'none', occurredOn: '2020-05' } },
    ];
    const cloned = crossThreads(rows);
    rows.forEach((row, i) => {
      const kind = kindOfStream(row.stream);
      const expected = outcome(() => firstFactTerms(kind, row.type, row.data));
      expect(outcome(() => firstFactTermsOf(kind, pagedEvent(row, cloned, i, true)))).toEqual(expected);
    });
    // The huge amount is exact, from the fold.
    const huge = firstFactTermsOf('pledge', pagedEvent(rows[0]!, cloned, 0, true));
    expect(huge).toMatchObject({ kind: 'commitment', terms: { amount: 9007199254740993000n } });
    // Terms the page does carry need no data: an office closed first, an agreement that commits to nothing.
    expect(firstFactTermsOf('office', pagedEvent(rows[3]!, cloned, 3))).toEqual({ kind: 'office', terms: null });
    expect(firstFactTermsOf('agreement', pagedEvent(rows[4]!, cloned, 4))).toEqual({ kind: 'commitment', terms: null });
  });

  it('cover the share of rows asked for; the fold derives the others from their data', () => {
    const partial = crossThreads(synthetic, 3);
    let fromPage = 0;
    synthetic.forEach((row, i) => {
      const kind = kindOfStream(row.stream);
      if (!isIndexed(kind, row.type) || row.type === 'FactCorrected' || row.type === 'FactRetracted') return;
      const expected = firstFactTerms(kind, row.type, row.data);
      if (i % 8 < 3) {
        expect(firstFactTermsOf(kind, pagedEvent(row, partial, i))).toEqual(expected);
        fromPage++;
      } else {
        expect(() => firstFactTermsOf(kind, pagedEvent(row, partial, i))).toThrow('read the data');
        expect(firstFactTermsOf(kind, pagedEvent(row, partial, i, true))).toEqual(expected);
      }
    });
    expect(fromPage).toBeGreaterThan(200);
  });

  it('are ignored on a page some other derivation made', () => {
    const row = synthetic.find((r) => r.type === 'PledgeMade')!;
    const event = pagedEvent(row, { format: 'something-else' }, 0, true);
    expect(firstFactTermsOf('pledge', event)).toEqual(firstFactTerms('pledge', row.type, row.data));
  });
});
