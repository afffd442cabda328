import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { MAX_DOCUMENT_BYTES } from '../../src/domain/document-text';
import { FIXTURES_DIR, LedgerApp, startLedgerApp } from '../support/ledger-app';
import { json } from '../support/sample-payloads';

const ARTICLE_003 = 'article-003-7f8fa76ddfdbdce5';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface Citation {
  stream: string;
  eventId: string;
  type: string;
  citationIndex: number;
  quote: string;
  start: number;
  end: number;
  corrects?: string;
}

/** The documents served from the fixtures, and what registering a document refuses. */
describe('sources over HTTP', () => {
  let ledger: LedgerApp;
  beforeAll(async () => {
    ledger = await startLedgerApp({ fixtures: true });
  });
  afterAll(() => ledger.close());

  const get = (path: string) => request(ledger.app.getHttpServer()).get(path).set('Authorization', `Bearer ${ledger.auditorKey}`);
  const post = (command: string, body: object) =>
    request(ledger.app.getHttpServer())
      .post(`/api/commands/${command}`)
      .set('Authorization', `Bearer ${ledger.adminKey}`)
      .set('Idempotency-Key', randomUUID())
      .send(body);
  const eventCount = async () => BigInt((await get('/api/sources').expect(200)).body.position);

  it('lists every document with its metadata, length and the number of facts citing it', async () => {
    const body = (await get('/api/sources').expect(200)).body;
    expect(body.items).toHaveLength(15);
    expect(body.position).toMatch(/^\d+$/);
    const article = body.items.find((s: { sourceId: string }) => s.sourceId === ARTICLE_003);
    const text = readFileSync(join(FIXTURES_DIR, 'sources', '003_7f8fa76ddfdbdce5.txt'), 'utf8');
    expect(article).toMatchObject({
      sourceId: ARTICLE_003,
      publisher: 'Unknown (the document names no publisher)',
      publishedOn: '2021-12-13',
      language: 'ar',
      kind: 'news-article',
      contentSha256: sha256(text),
      length: text.length,
    });
    // 003 is cited by two parties (the Shura Council, the OSCE PA), the 2018 agreement (its restatement), the Hub's
    // agreement and office, the Shura agreement, the parliamentary office and the coordination meeting.
    expect(article.citedBy).toBe(8);
    const forum = body.items.find((s: { sourceId: string }) => s.sourceId === 'public-qatarconferences-beneficiaries-forum');
    expect(forum.citedBy).toBe(2);
  });

  it('serves one document: its text and every citation, each quote found at its offsets', async () => {
    const body = (await get(`/api/sources/${ARTICLE_003}`).expect(200)).body;
    expect(body.source.sourceId).toBe(ARTICLE_003);
    expect(body.text).toBe(readFileSync(join(FIXTURES_DIR, 'sources', '003_7f8fa76ddfdbdce5.txt'), 'utf8').normalize('NFC'));
    expect(new Set(body.citations.map((c: Citation) => c.stream)).size).toBe(body.source.citedBy);
    for (const c of body.citations as Citation[]) {
      expect({ quote: c.quote, at: body.text.slice(c.start, c.end).replace(/\s+/g, ' ') }).toEqual({ quote: c.quote, at: c.quote.replace(/\s+/g, ' ') });
    }
    const office = (body.citations as Citation[]).find((c) => c.stream === 'office-parliamentary-engagement-office')!;
    expect(office).toMatchObject({ type: 'OfficeOpened', citationIndex: expect.any(Number), eventId: expect.any(String) });
  });

  it('lists a correction’s citations with the fact it corrects', async () => {
    const body = (await get('/api/sources/public-doha-news-2021-06-17').expect(200)).body;
    expect(body.citations).toHaveLength(1);
    expect(body.citations[0]).toMatchObject({ stream: 'office-parliamentary-engagement-office', type: 'FactCorrected', citationIndex: 0 });
    expect(body.text.slice(body.citations[0].start, body.citations[0].end)).toBe('official opening in Doha 16 Jun 2021');
  });

  it('answers as known at a recorded time: before the public record was registered it is unknown', async () => {
    const first = (await get('/api/sources').expect(200)).body.items[0];
    const early = (await get(`/api/sources?knownAt=${first.position}`).expect(200)).body;
    expect(early.items.map((s: { sourceId: string }) => s.sourceId)).toEqual([first.sourceId]);
    expect(early.items[0].citedBy).toBe(0);
    const missing = await get(`/api/sources/public-doha-news-2021-06-17?knownAt=${first.position}`).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('answers 404 problem+json for an unknown source, and 400 naming knownAt for a bad one', async () => {
    const unknown = await get('/api/sources/no-such-source').expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, title: 'No source "no-such-source" is known at that point' });
    const bad = await get('/api/sources?knownAt=yesterday').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'knownAt', rule: 'isKnownAt' })]);
  });

  describe('registering a document refuses, naming the field and the rule, and appends nothing', () => {
    const text = 'نص الوثيقة الكامل.\n';
    const cases: [string, object, string, string][] = [
      ['a hash that does not match the text', { text, contentSha256: sha256('another text') }, 'contentSha256', 'matchesText'],
      ['text that is not NFC', { text: 'الإرهاب'.normalize('NFD'), contentSha256: sha256('الإرهاب'.normalize('NFD')) }, 'text', 'isNfc'],
      ['a lone surrogate (no UTF-8 encodes it)', { text: 'نص \ud800', contentSha256: sha256('نص') }, 'text', 'isUtf8'],
      ['bytes that were not UTF-8 (read as U+FFFD)', { text: 'نص \ufffd', contentSha256: sha256('نص \ufffd') }, 'text', 'isUtf8'],
      ['a document over the size limit', { text: 'ن'.repeat(MAX_DOCUMENT_BYTES / 2 + 1), contentSha256: sha256('ن'.repeat(MAX_DOCUMENT_BYTES / 2 + 1)) }, 'text', 'maxDocumentBytes'],
      ['no text at all', { text: undefined }, 'text', 'isText'],
    ];
    it.each(cases)('%s', async (_label, over, field, rule) => {
      const before = await eventCount();
      const response = await post('register-source', json.source({ sourceId: 'refused-source', ...over })).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field, rule })]);
      expect(await eventCount()).toBe(before);
    });
  });

  it('refuses 422 a quote that is not in the cited document, naming the citation index, the source and the rule', async () => {
    const before = await eventCount();
    const response = await post(
      'launch-programme',
      json.programme({
        programmeId: 'refused-programme',
        sources: [
          { sourceId: ARTICLE_003, quote: 'الاجتماع التنسيقي الأول' },
          { sourceId: ARTICLE_003, quote: 'كلمات لا ترد في المقال' },
        ],
      }),
    ).expect(422);
    expect(response.body).toMatchObject({
      status: 422,
      rule: 'citation.quote-must-occur-in-source',
      field: 'sources.1.quote',
      detail: `citation 1: the quote does not occur in source ${ARTICLE_003} (compared after NFC and whitespace collapsing only)`,
    });
    expect(await eventCount()).toBe(before);
  });
});
