import { randomUUID } from 'node:crypto';
import { InvariantViolated, ValidationFailed } from '../../src/domain/errors';
import { eventIdFor, GENESIS_HASH } from '../../src/events/envelope';
import { effectiveFacts } from '../../src/events/facts';
import { readRecordedEvent } from '../../src/events/event-catalogue';
import { verifyChain } from '../../src/events/verify-chain';
import { CLOCK, Clock } from '../../src/time/clock';
import { NOW } from '../support/decider-spec';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { CITE, SAMPLE_TEXT, json } from '../support/sample-payloads';
import { requestSha256 } from '../../src/recording/request-hash';
import { LedgerCommand } from '../../src/recording/ledger-command';

/** The registered world most facts need: one source, the parties, the 2018 agreement. */
async function seed(h: RecordingHarness): Promise<void> {
  await h.run('register-source', randomUUID(), json.source());
  for (const [partyId, kind] of [
    ['qatar', 'state'],
    ['qatar-mofa', 'government-body'],
    ['unoct', 'un-entity'],
    ['unaoc', 'un-entity'],
    ['unicri', 'un-entity'],
    ['interpol', 'international-organisation'],
    ['cted', 'un-entity'],
  ]) {
    await h.run('register-party', randomUUID(), json.party({ partyId, kind, name: { en: partyId } }));
  }
  await h.run('sign-agreement', randomUUID(), json.agreement());
}

async function expectNothingAppended(h: RecordingHarness, attempt: () => Promise<unknown>, error: unknown): Promise<void> {
  const before = await h.eventCount();
  await expect(attempt()).rejects.toThrow(error as never);
  expect(await h.eventCount()).toBe(before);
}

describe('recording commands through the CommandBus (SQLite)', () => {
  let h: RecordingHarness;

  beforeEach(async () => {
    h = await startRecording();
  });

  afterEach(async () => {
    await h.close();
  });

  it('appends an event with its metadata, deterministic id and chain, and the chain verifies', async () => {
    const commandId = randomUUID();
    const result = await h.run('register-source', commandId, json.source(), 'admin:alice');
    expect(result).toEqual({
      commandId,
      stream: 'source-article-000',
      eventIds: [eventIdFor(commandId, 0)],
      firstRevision: 0n,
      lastRevision: 0n,
      position: expect.any(BigInt),
      replayed: false,
    });
    const [event] = await h.sqlite.readStream('source-article-000');
    expect(event).toMatchObject({ id: eventIdFor(commandId, 0), type: 'SourceRegistered', revision: 0n, data: json.source() });
    expect(event.metadata).toEqual({
      schemaVersion: 1,
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: 'admin:alice',
      issuedAt: NOW.toISOString(),
      sources: [],
      requestSha256: requestSha256('register-source', json.source()),
      chain: { prev: GENESIS_HASH, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(verifyChain(await h.sqlite.readAll())).toEqual({ ok: true, checked: 1 });
  });

  it('puts a fact’s citations in metadata and chains the events of one stream', async () => {
    await seed(h);
    await h.run('open-office', randomUUID(), json.openOffice());
    await h.run('close-office', randomUUID(), json.closeOffice());
    const [opened, closed] = await h.sqlite.readStream('office-behavioural-insights-hub');
    // Each citation is stored with where its quote sits in the source's text.
    const cited = (json.openOffice().sources as { quote: string }[]).map((c) => {
      const start = SAMPLE_TEXT.indexOf(c.quote);
      return { ...c, start, end: start + c.quote.length };
    });
    expect(cited[0]!.start).toBeGreaterThan(0);
    expect(opened.metadata.sources).toEqual(cited);
    expect(opened.data).not.toHaveProperty('sources');
    expect((closed.metadata.chain as { prev: string }).prev).toBe((opened.metadata.chain as { hash: string }).hash);
    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({ ok: true });
  });

  it('a retried command returns the original result and appends nothing, even after later events in its stream', async () => {
    await seed(h);
    const commandId = randomUUID();
    const original = await h.run('open-office', commandId, json.openOffice());
    await h.run('correct-fact', randomUUID(), json.correct({ eventId: original.eventIds[0] }));
    const before = await h.eventCount();

    const retried = await h.run('open-office', commandId, json.openOffice());

    expect(retried).toEqual({ ...original, replayed: true });
    expect(await h.eventCount()).toBe(before);
  });

  it('bad input is refused with the field and rule named, and nothing is appended', async () => {
    await seed(h);
    const agreement = json.agreement({ agreementId: 'other' });
    const bad = { ...agreement, commitment: { ...(agreement.commitment as object), total: { amount: '0', currency: 'USD' } } };
    const before = await h.eventCount();
    const error = await h.run('sign-agreement', randomUUID(), bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([{ field: 'commitment.total.amount', rule: 'isPositiveDecimal', message: expect.any(String) }]);
    expect(await h.eventCount()).toBe(before);
  });

  it('a command put on the bus without the registry is validated by the recorder', async () => {
    await seed(h);
    const unvalidated = { ...json.openOffice(), occurredOn: 'last July', extra: true } as never;
    await expectNothingAppended(h, () => h.bus.execute(new LedgerCommand('open-office', randomUUID(), unvalidated, { actor: 'a' })), ValidationFailed);
    await expectNothingAppended(h, () => h.bus.execute(new LedgerCommand('open-office', 'nope', json.openOffice() as never, { actor: 'a' })), ValidationFailed);
  });

  it('a broken invariant is refused with its rule, and nothing is appended', async () => {
    await seed(h);
    await h.run('open-office', randomUUID(), json.openOffice());
    const before = await h.eventCount();
    const error = await h.run('open-office', randomUUID(), json.openOffice()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvariantViolated);
    expect(error).toMatchObject({ rule: 'office.cannot-open-twice', field: 'officeId' });
    expect(await h.eventCount()).toBe(before);
  });

  it('a citation names a registered source', async () => {
    await seed(h);
    const sources = [{ sourceId: 'article-999', quote: 'نص' }];
    await expectNothingAppended(h, () => h.run('open-office', randomUUID(), json.openOffice({ sources })), InvariantViolated);
    await expect(h.run('open-office', randomUUID(), json.openOffice({ sources }))).rejects.toMatchObject({
      rule: 'citation.source-must-be-registered',
      field: 'sources.0.sourceId',
    });
  });

  it('a quote that does not occur in its document is refused, naming the citation, the source and the rule', async () => {
    await seed(h);
    const sources = [...CITE, { sourceId: 'article-000', quote: 'وقعت دولة قطر اتفاقية' }];
    await expectNothingAppended(h, () => h.run('open-office', randomUUID(), json.openOffice({ sources })), InvariantViolated);
    const error = await h.run('open-office', randomUUID(), json.openOffice({ sources })).catch((e: unknown) => e);
    expect(error).toMatchObject({ rule: 'citation.quote-must-occur-in-source', field: 'sources.1.quote' });
    expect((error as Error).message).toBe(
      'citation 1: the quote does not occur in source article-000 (compared after NFC and whitespace collapsing only)',
    );
  });

  it('a quote is found after NFC and whitespace collapsing only, and its offsets point into the document as held', async () => {
    await seed(h);
    // The document breaks the line after "قنا:"; the quote spans it with two spaces and a tab.
    const quote = 'قنا:  \tوقعت دولة قطر';
    await h.run('open-office', randomUUID(), json.openOffice({ sources: [{ sourceId: 'article-000', quote }] }));
    const [opened] = await h.sqlite.readStream('office-behavioural-insights-hub');
    const [{ start, end }] = opened.metadata.sources as { start: number; end: number }[];
    expect(SAMPLE_TEXT.slice(start, end)).toBe('قنا:\nوقعت دولة قطر');
    // Decomposed letters match their composed form in NFC, nothing looser: a different diacritic does not.
    const other = 'وقعت دولة قطر ومكتب الأمم المتحدة لمكافحة الإرهاب اتفاقيةً';
    await expect(h.run('close-office', randomUUID(), json.closeOffice({ sources: [{ sourceId: 'article-000', quote: other }] }))).rejects.toMatchObject({
      rule: 'citation.quote-must-occur-in-source',
    });
    const decomposed = 'لمكافحة الإرهاب'.normalize('NFD');
    expect(decomposed).not.toBe('لمكافحة الإرهاب');
    await h.run('close-office', randomUUID(), json.closeOffice({ sources: [{ sourceId: 'article-000', quote: decomposed }] }));
  });

  it('a retracted source can no longer be cited', async () => {
    await seed(h);
    const [source] = await h.sqlite.readStream('source-article-000');
    await h.run('retract-fact', randomUUID(), json.retract({ stream: 'source-article-000', eventId: source.id }));
    await expect(h.run('open-office', randomUUID(), json.openOffice())).rejects.toMatchObject({ rule: 'citation.source-must-be-registered' });
  });

  it('a fact names registered parties', async () => {
    await seed(h);
    await expect(h.run('open-office', randomUUID(), json.openOffice({ operatorId: 'nobody' }))).rejects.toMatchObject({
      rule: 'party.must-be-registered',
      field: 'operatorId',
    });
    await expect(h.run('register-party', randomUUID(), json.party({ partyId: 'qatar-nctc', parentId: 'qatar-gov' }))).rejects.toMatchObject({
      rule: 'party.must-be-registered',
      field: 'parentId',
    });
  });

  it('a renewal names an existing pledge or agreement', async () => {
    await seed(h);
    await h.run('hold-dialogue', randomUUID(), json.dialogue({ engagementId: 'forum-2022', from: '2022-03-28', to: '2022-03-31', fulfils: undefined }));
    await expectNothingAppended(h, () => h.run('renew-pledge', randomUUID(), json.renewal({ renews: 'agreement-unknown' })), InvariantViolated);
    await expect(h.run('renew-pledge', randomUUID(), json.renewal({ renews: 'pledge-unknown' }))).rejects.toMatchObject({
      rule: 'renewal.must-name-existing-commitment',
      field: 'renews',
    });
    await expect(h.run('renew-pledge', randomUUID(), json.renewal())).resolves.toMatchObject({ stream: 'pledge-qa-unoct-renewal-2024' });
  });

  it('an office’s host agreement and a pledge’s engagement must exist', async () => {
    await seed(h);
    await expect(h.run('open-office', randomUUID(), json.openOffice({ hostAgreement: 'agreement-none' }))).rejects.toMatchObject({
      rule: 'agreement.must-exist',
      field: 'hostAgreement',
    });
    await expect(h.run('make-pledge', randomUUID(), json.pledge({ atEngagement: 'engagement-none' }))).rejects.toMatchObject({
      rule: 'engagement.must-exist',
      field: 'atEngagement',
    });
  });

  it('an engagement fulfils an outcome that the earlier engagement promised', async () => {
    await seed(h);
    await h.run('hold-dialogue', randomUUID(), json.dialogue());
    const second = (outcomeIndex: number) =>
      json.dialogue({ engagementId: 'strategic-dialogue-2019-2', sequence: 2, from: '2019-12', fulfils: [{ engagement: 'engagement-strategic-dialogue-2019', outcomeIndex }] });
    await expect(h.run('hold-dialogue', randomUUID(), second(3))).rejects.toMatchObject({
      rule: 'engagement.outcome-must-exist',
      field: 'fulfils.0.outcomeIndex',
    });
    await expect(h.run('hold-dialogue', randomUUID(), second(0))).resolves.toMatchObject({ replayed: false });
  });

  it('a disbursement cannot exceed its commitment without an explicit override', async () => {
    await seed(h);
    await h.run('record-disbursement', randomUUID(), json.disbursement({ amount: { amount: '75000000', currency: 'USD' } }));
    await expectNothingAppended(h, () => h.run('record-disbursement', randomUUID(), json.disbursement({ disbursementId: 'extra' })), InvariantViolated);
    await h.run('record-disbursement', randomUUID(), json.disbursement({ disbursementId: 'extra', override: { reason: 'Top-up' } }));
    const stream = await h.sqlite.readStream('agreement-qa-unoct-2018');
    expect(stream.map((e) => e.type)).toEqual(['AgreementSigned', 'ContributionDisbursed', 'ContributionDisbursed']);
    expect(stream[1].data).not.toHaveProperty('commitment');
  });

  it('a correction is appended to the fact’s stream and changes what the ledger believes', async () => {
    await seed(h);
    const opened = await h.run('open-office', randomUUID(), json.openOffice());
    await h.run('correct-fact', randomUUID(), json.correct({ eventId: opened.eventIds[0] }));
    const events = await h.sqlite.readStream('office-behavioural-insights-hub');
    const [fact] = effectiveFacts(events.map(readRecordedEvent));
    expect(fact.data).toMatchObject({ occurredOn: '2020-12-07' });
    expect(fact.recordedData).toMatchObject({ occurredOn: '2020-12' });
  });

  it('a correction cannot point a fact at an unregistered party', async () => {
    await seed(h);
    const opened = await h.run('open-office', randomUUID(), json.openOffice());
    await expect(h.run('correct-fact', randomUUID(), json.correct({ eventId: opened.eventIds[0], changes: { operatorId: 'nobody' } }))).rejects.toMatchObject({
      rule: 'party.must-be-registered',
      field: 'changes.operatorId',
    });
  });

  it('a retracted fact cannot be corrected', async () => {
    await seed(h);
    const opened = await h.run('open-office', randomUUID(), json.openOffice());
    await h.run('retract-fact', randomUUID(), json.retract({ eventId: opened.eventIds[0] }));
    await expectNothingAppended(h, () => h.run('correct-fact', randomUUID(), json.correct({ eventId: opened.eventIds[0] })), InvariantViolated);
  });

  it('time comes from the injected clock', async () => {
    const clock = h.moduleRef.get<Clock>(CLOCK);
    expect(clock.now()).toEqual(NOW);
    await seed(h);
    await expect(h.run('open-office', randomUUID(), json.openOffice({ occurredOn: '2025-06-02' }))).rejects.toMatchObject({
      rule: 'fact.cannot-be-in-the-future',
    });
  });
});
