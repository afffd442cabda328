import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { verifyChain } from '../../src/events/verify-chain';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';

describe('tamper evidence', () => {
  let h: RecordingHarness;

  beforeEach(async () => {
    h = await startRecording();
    await h.run('register-source', randomUUID(), json.source());
    await h.run('register-party', randomUUID(), json.party({ partyId: 'unoct', kind: 'un-entity', name: { en: 'UNOCT' } }));
    await h.run('open-office', randomUUID(), json.openOffice({ hostAgreement: undefined }));
    await h.run('close-office', randomUUID(), json.closeOffice());
  });

  afterEach(() => h.close());

  function tamper(sql: string, ...params: unknown[]): void {
    const db = new Database(h.file);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }

  it('an untouched ledger verifies', async () => {
    expect(verifyChain(await h.sqlite.readAll())).toEqual({ ok: true, checked: 4 });
  });

  it('changing one stored event’s data in the SQLite file is detected and that event is named', async () => {
    const [opened] = await h.sqlite.readStream('office-behavioural-insights-hub');
    tamper(`UPDATE events SET data = json_set(data, '$.city', 'Dubai') WHERE id = ?`, opened.id);

    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({
      ok: false,
      stream: 'office-behavioural-insights-hub',
      revision: 0n,
      id: opened.id,
      reason: 'hash-mismatch',
    });
  });

  it('changing a citation in an event’s metadata is detected', async () => {
    const [, closed] = await h.sqlite.readStream('office-behavioural-insights-hub');
    tamper(`UPDATE events SET metadata = json_set(metadata, '$.sources[0].quote', 'forged') WHERE id = ?`, closed.id);

    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({ ok: false, id: closed.id, reason: 'hash-mismatch' });
  });

  it('deleting an event is detected at the next event of its stream', async () => {
    const [opened, closed] = await h.sqlite.readStream('office-behavioural-insights-hub');
    tamper('DELETE FROM events WHERE id = ?', opened.id);

    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({ ok: false, id: closed.id, reason: 'revision-gap' });
  });
});
