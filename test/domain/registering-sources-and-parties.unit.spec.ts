import { FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { PARTY_REGISTERED } from '../../src/events/party-registered.event';
import { SOURCE_REGISTERED } from '../../src/events/source-registered.event';
import { partyDecider } from '../../src/registering-parties/register-party.decider';
import { sourceDecider } from '../../src/registering-sources/register-source.decider';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const SOURCE_ID = '00000000-0000-4000-8000-000000000000';

describe('registering a source', () => {
  const spec = deciderSpec(sourceDecider);

  it('a new source is registered', () => {
    spec.given([]).when({ type: 'register-source', data: payload.source() }).then([{ type: SOURCE_REGISTERED, data: json.source() }]);
  });

  it('a source cannot be registered twice', () => {
    spec
      .given([{ type: SOURCE_REGISTERED, data: json.source() }])
      .when({ type: 'register-source', data: payload.source() })
      .thenThrows({ rule: 'source.cannot-register-twice', field: 'sourceId' });
  });

  it('a retracted source may be registered again', () => {
    spec
      .given([
        { id: SOURCE_ID, type: SOURCE_REGISTERED, data: json.source() },
        { type: FACT_RETRACTED, data: { eventId: SOURCE_ID, eventType: SOURCE_REGISTERED, reason: 'wrong document' } },
      ])
      .when({ type: 'register-source', data: payload.source() })
      .then([{ type: SOURCE_REGISTERED, data: json.source() }]);
  });

  it('a source cannot be published after today', () => {
    spec
      .given([])
      .when({ type: 'register-source', data: payload.source({ publishedOn: '2025-07' }) })
      .thenThrows({ rule: 'fact.cannot-be-in-the-future', field: 'publishedOn' });
  });
});

describe('registering a party', () => {
  const spec = deciderSpec(partyDecider);

  it('a new party is registered; its citations go to metadata, not data', () => {
    const withSources = json.party({ sources: [{ sourceId: 'article-000', quote: 'دولة قطر' }] });
    spec.given([]).when({ type: 'register-party', data: payload.party(withSources) }).then([{ type: PARTY_REGISTERED, data: json.party() }]);
  });

  it('a party cannot be registered twice', () => {
    spec
      .given([{ type: PARTY_REGISTERED, data: json.party() }])
      .when({ type: 'register-party', data: payload.party() })
      .thenThrows({ rule: 'party.cannot-register-twice', field: 'partyId' });
  });

  it('a party cannot be its own parent', () => {
    spec
      .given([])
      .when({ type: 'register-party', data: payload.party({ parentId: 'qatar' }) })
      .thenThrows({ rule: 'party.cannot-be-its-own-parent', field: 'parentId' });
  });

  it('keeps the founding date when a source gives one', () => {
    const party = json.party({ partyId: 'unoct', kind: 'un-entity', occurredOn: '2017', name: { en: 'UNOCT' } });
    spec.given([]).when({ type: 'register-party', data: payload.party(party) }).then([{ type: PARTY_REGISTERED, data: dataOf(party) }]);
  });
});
