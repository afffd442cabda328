import { DIALOGUE_HELD } from '../../src/events/dialogue-held.event';
import { PROGRAMME_LAUNCHED } from '../../src/events/programme-launched.event';
import { engagementDecider } from '../../src/holding-dialogues/hold-dialogue.decider';
import { programmeDecider } from '../../src/launching-programmes/launch-programme.decider';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

describe('holding a dialogue', () => {
  const spec = deciderSpec(engagementDecider);
  const hold = (over?: Record<string, unknown>) => ({ type: 'hold-dialogue' as const, data: payload.dialogue(over) });

  it('an engagement is recorded with its participants, topics and promised follow-ups', () => {
    spec.given([]).when(hold()).then([{ type: DIALOGUE_HELD, data: dataOf(json.dialogue()) }]);
  });

  it('an engagement cannot be recorded twice', () => {
    spec
      .given([{ type: DIALOGUE_HELD, data: dataOf(json.dialogue()) }])
      .when(hold())
      .thenThrows({ rule: 'engagement.cannot-hold-twice', field: 'engagementId' });
  });

  it('an engagement cannot fulfil its own follow-up', () => {
    spec
      .given([])
      .when(hold({ fulfils: [{ engagement: 'engagement-strategic-dialogue-2019', outcomeIndex: 0 }] }))
      .thenThrows({ rule: 'engagement.cannot-fulfil-itself', field: 'fulfils.0.engagement' });
  });

  it('an engagement cannot start after today', () => {
    spec.given([]).when(hold({ from: '2025-06-02' })).thenThrows({ rule: 'fact.cannot-be-in-the-future', field: 'from' });
  });
});

describe('launching a programme', () => {
  const spec = deciderSpec(programmeDecider);
  const launch = (over?: Record<string, unknown>) => ({ type: 'launch-programme' as const, data: payload.programme(over) });

  it('a programme is launched', () => {
    spec.given([]).when(launch()).then([{ type: PROGRAMME_LAUNCHED, data: dataOf(json.programme()) }]);
  });

  it('a programme cannot be launched twice', () => {
    spec
      .given([{ type: PROGRAMME_LAUNCHED, data: dataOf(json.programme()) }])
      .when(launch())
      .thenThrows({ rule: 'programme.cannot-launch-twice', field: 'programmeId' });
  });

  it('a programme cannot be launched after today', () => {
    spec.given([]).when(launch({ occurredOn: '2025-Q3' })).thenThrows({ rule: 'fact.cannot-be-in-the-future' });
  });
});
