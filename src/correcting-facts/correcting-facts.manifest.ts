import { FACT_CORRECTED, FACT_RETRACTED } from '../events/fact-amended.events';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { amendFactDecider } from './amend-fact.decider';
import { CorrectFactPayload } from './correct-fact.command';
import { RetractFactPayload } from './retract-fact.command';

export const CORRECTING_FACTS = defineCapability('correcting-facts', [
  defineCommand({
    name: 'correct-fact',
    description: 'correct a recorded fact: the changed fields, a reason and the sources (the original stays in the log)',
    label: { en: 'Correct a fact', ar: 'تصحيح واقعة' },
    payload: CorrectFactPayload,
    streamOf: (payload) => payload.stream,
    decider: amendFactDecider,
    records: [FACT_CORRECTED],
  }),
  defineCommand({
    name: 'retract-fact',
    description: 'retract a recorded fact, with a reason and the sources (the original stays in the log)',
    label: { en: 'Retract a fact', ar: 'سحب واقعة' },
    payload: RetractFactPayload,
    streamOf: (payload) => payload.stream,
    decider: amendFactDecider,
    records: [FACT_RETRACTED],
  }),
]);
