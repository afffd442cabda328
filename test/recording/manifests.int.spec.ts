import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CAPABILITIES, COMMANDS } from '../../src/capabilities';
import { InvariantViolated } from '../../src/domain/errors';
import { streamName } from '../../src/domain/stream-name';
import { EVENT_DEFINITIONS, isKnownEventType } from '../../src/events/event-catalogue';
import { PARTY_REGISTERED } from '../../src/events/party-registered.event';
import { SOURCE_REGISTERED } from '../../src/events/source-registered.event';
import { DecideCommand, defineCapability, defineCommand } from '../../src/recording/command-manifest';
import { commandsByName } from '../../src/recording/command-registry';
import { Decider, withoutSources } from '../../src/recording/decider';
import { RegisterPartyPayload } from '../../src/registering-parties/register-party.command';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';

const SRC = join(__dirname, '..', '..', 'src');

describe('the capabilities’ manifests', () => {
  it('record only events the catalogue holds', () => {
    const unknown = COMMANDS.flatMap((command) => command.records.filter((type) => !isKnownEventType(type)).map((type) => `${command.name}: ${type}`));
    expect(unknown).toEqual([]);
  });

  it('between them record every event of the catalogue', () => {
    const recorded = new Set<string>(COMMANDS.flatMap((command) => command.records));
    expect(EVENT_DEFINITIONS.map((definition) => definition.type).filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('name each command once, in kebab-case (the route, the CLI command, the decider’s command type)', () => {
    const names = COMMANDS.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => !/^[a-z]+(-[a-z]+)*$/.test(name))).toEqual([]);
  });

  it('refuse two commands under one name when the registry is built', () => {
    const twice = defineCapability('twice', [COMMANDS[0]!]);
    expect(() => commandsByName([...CAPABILITIES, twice])).toThrow(`Two commands are named "${COMMANDS[0]!.name}"`);
  });

  it('are each declared in their own folder, as src/<capability>/<capability>.manifest.ts', () => {
    for (const capability of CAPABILITIES) {
      const file = join(SRC, capability.capability, `${capability.capability}.manifest.ts`);
      expect({ capability: capability.capability, declared: existsSync(file) && Object.values(require(file) as object).includes(capability) }).toEqual({
        capability: capability.capability,
        declared: true,
      });
    }
  });
});

/** A capability the ledger does not have, written as a new one would be: a manifest, a decider, catalogue events. */
function welcoming(records: readonly (typeof PARTY_REGISTERED | typeof SOURCE_REGISTERED)[]) {
  const welcomeDecider: Decider<DecideCommand<'welcome-party', RegisterPartyPayload>, { readonly welcomed: boolean }> = {
    initialState: () => ({ welcomed: false }),
    evolve: (state, fact) => ({ welcomed: state.welcomed || fact.type === PARTY_REGISTERED }),
    decide(command, state) {
      if (state.welcomed) throw new InvariantViolated('party.welcomed-once', `party ${command.data.partyId} is already welcome`, 'partyId');
      return [{ type: PARTY_REGISTERED, data: withoutSources(command.data) }];
    },
  };
  return defineCapability('welcoming-parties', [
    defineCommand({
      name: 'welcome-party',
      description: 'record a party welcomed',
      label: { en: 'A party was welcomed', ar: 'رُحّب بطرف' },
      payload: RegisterPartyPayload,
      streamOf: (payload) => streamName('party', payload.partyId),
      decider: welcomeDecider,
      records,
    }),
  ]);
}

describe('a new capability', () => {
  let h: RecordingHarness;
  afterEach(() => h.close());

  it('is recorded through the registry and the CommandBus once its manifest is in the list, with nothing else to register', async () => {
    h = await startRecording({ capabilities: [...CAPABILITIES, welcoming([PARTY_REGISTERED])] });
    const result = await h.run('welcome-party', randomUUID(), json.party({ partyId: 'newcomer' }));
    expect(result).toMatchObject({ stream: 'party-newcomer', replayed: false, eventIds: [expect.any(String)] });
    await expect(h.run('welcome-party', randomUUID(), json.party({ partyId: 'newcomer' }))).rejects.toMatchObject({ rule: 'party.welcomed-once' });
    expect(await h.eventCount()).toBe(1);
  });

  it('cannot append an event its manifest does not say it records: refused, nothing appended', async () => {
    h = await startRecording({ capabilities: [...CAPABILITIES, welcoming([SOURCE_REGISTERED])] });
    await expect(h.run('welcome-party', randomUUID(), json.party({ partyId: 'newcomer' }))).rejects.toThrow(
      'Decider for welcome-party decided PartyRegistered, which its manifest does not record',
    );
    expect(await h.eventCount()).toBe(0);
  });
});
