import { randomUUID } from 'node:crypto';
import { InvariantViolated } from '../../src/domain/errors';
import { RecordResult } from '../../src/recording/ledger-command';
import { Recorder } from '../../src/recording/recorder';
import { BatchCommandRefused, RecordingBatch } from '../../src/recording/recording-batch';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';

describe('a recording batch whose commit finds that another writer got in first', () => {
  let h: RecordingHarness;
  let other: RecordingHarness;

  beforeEach(async () => {
    h = await startRecording();
    other = await startRecording({ sharing: h });
    await h.run('register-source', randomUUID(), json.source());
  });

  afterEach(async () => {
    await other.close();
    await h.close();
  });

  const registerParty = (partyId: string) => h.registry.toCommand('register-party', randomUUID(), json.party({ partyId, name: { en: partyId } }), 'admin:test');

  function batchOf(results: [RecordResult, number][]): RecordingBatch<number> {
    return new RecordingBatch<number>(h.moduleRef.get(Recorder), h.store, (result, tag) => results.push([result, tag]), 100);
  }

  it('decides the raced command and the rest again: a command now refused stops the batch, those before it recorded, none after', async () => {
    const results: [RecordResult, number][] = [];
    const batch = batchOf(results);
    for (const [n, partyId] of ['p0', 'p1', 'p2', 'p3', 'p4'].entries()) await batch.add(registerParty(partyId), n);
    // Decided, not yet appended: another writer registers p2 first.
    await other.run('register-party', randomUUID(), json.party({ partyId: 'p2', name: { en: 'p2' } }));

    const error = await batch.flush().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BatchCommandRefused);
    expect(error).toMatchObject({ tag: 2 });
    expect((error as BatchCommandRefused<number>).cause).toBeInstanceOf(InvariantViolated);
    expect(results.map(([, tag]) => tag)).toEqual([0, 1]);
    expect(await h.sqlite.readStream('party-p0')).toHaveLength(1);
    expect(await h.sqlite.readStream('party-p1')).toHaveLength(1);
    expect(await h.sqlite.readStream('party-p2')).toHaveLength(1);
    expect(await h.sqlite.readStream('party-p3')).toEqual([]);
    expect(await h.sqlite.readStream('party-p4')).toEqual([]);
  });

  it('records the rest after a raced command that still holds on what the other writer stored', async () => {
    const results: [RecordResult, number][] = [];
    const batch = batchOf(results);
    await h.run('register-party', randomUUID(), json.party({ partyId: 'unoct', kind: 'un-entity', name: { en: 'UNOCT' } }));
    const opened = await h.run('open-office', randomUUID(), json.openOffice({ hostAgreement: undefined }));
    await batch.add(registerParty('q0'), 0);
    await batch.add(h.registry.toCommand('close-office', randomUUID(), json.closeOffice(), 'admin:test'), 1);
    await batch.add(registerParty('q2'), 2);
    await other.run('correct-fact', randomUUID(), json.correct({ eventId: opened.eventIds[0], changes: { mandate: 'Revised mandate' } }));

    await batch.flush();

    expect(results.map(([, tag]) => tag)).toEqual([0, 1, 2]);
    const office = await h.sqlite.readStream(opened.stream);
    expect(office.map((e) => e.type)).toEqual(['OfficeOpened', 'FactCorrected', 'OfficeClosed']);
    expect(await h.sqlite.readStream('party-q2')).toHaveLength(1);
  });
});
