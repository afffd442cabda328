import { JsonObject } from '../../src/event-store/event-store.port';
import { claimsOf } from '../../projections/ledger/claims';
import { CitationView, Correction, FactRecord } from '../../projections/ledger/fact-record';

const ARTICLE_003: CitationView = { sourceId: 'article-003', quote: 'في يوليو/تموز الماضي' };
const ARTICLE_004: CitationView = { sourceId: 'article-004', quote: 'منذ افتتاحه في العام 2020', claim: { occurredOn: '2020' } };
const PUBLIC_RECORD: CitationView = { sourceId: 'public-record', quote: 'launched 19 Jan 2021', claim: { from: '2021-01-19' } };

function fact(data: JsonObject, sources: readonly CitationView[], corrections: readonly Correction[] = []): FactRecord {
  return {
    eventId: '00000000-0000-4000-8000-000000000001',
    type: 'OfficeOpened',
    stream: 'office-x',
    revision: 0n,
    position: 1n,
    recordedAt: '2026-01-01T00:00:00.000Z',
    actor: 'test',
    recorded: data,
    data: corrections.reduce((d, c) => ({ ...d, ...c.changes }), data),
    sources,
    corrections,
    retraction: null,
  };
}

function correction(changes: JsonObject, sources: readonly CitationView[]): Correction {
  return { eventId: '00000000-0000-4000-8000-000000000002', position: 2n, recordedAt: '2026-01-02T00:00:00.000Z', actor: 'test', reason: 'r', sources, changes, before: {} };
}

describe('claimsOf: what disputes a fact as believed', () => {
  it('is nothing for a fact whose citations carry no claim', () => {
    expect(claimsOf(fact({ occurredOn: '2021-07' }, [ARTICLE_003]))).toEqual([]);
  });

  it('lists each claim against the adopted value, with the value adopted and the source that claims otherwise', () => {
    expect(claimsOf(fact({ occurredOn: '2021-07' }, [ARTICLE_003, ARTICLE_004]))).toEqual([
      { field: 'occurredOn', claimed: '2020', adopted: '2021-07', sourceId: 'article-004' },
    ]);
  });

  it('keeps a claim a correction did not adopt, and drops one it did', () => {
    const notAdopted = fact({ occurredOn: '2021-07' }, [ARTICLE_003, ARTICLE_004], [correction({ occurredOn: '2021-06-16' }, [])]);
    expect(claimsOf(notAdopted)).toEqual([{ field: 'occurredOn', claimed: '2020', adopted: '2021-06-16', sourceId: 'article-004' }]);
    const launch = fact({ from: '2021-01-23' }, [PUBLIC_RECORD]);
    expect(claimsOf(launch)).toHaveLength(1);
    expect(claimsOf(fact({ from: '2021-01-23' }, [PUBLIC_RECORD], [correction({ from: '2021-01-19' }, [])]))).toEqual([]);
  });

  it('counts the claims of a correction’s citations too', () => {
    const corrected = fact({ occurredOn: '2021-07' }, [ARTICLE_003], [correction({ occurredOn: '2021-06-16' }, [{ ...ARTICLE_004, sourceId: 'article-005' }])]);
    expect(claimsOf(corrected)).toEqual([{ field: 'occurredOn', claimed: '2020', adopted: '2021-06-16', sourceId: 'article-005' }]);
  });
});
