import { IsObject, IsUUID, Matches } from 'class-validator';
import { JsonObject } from '../event-store/event-store.port';
import { IsChangeSet, IsPartialDate, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent } from './event-definition';

export const FACT_CORRECTED = 'FactCorrected';
export const FACT_RETRACTED = 'FactRetracted';

const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

/**
 * A correction, appended to the corrected fact's stream. `changes` maps dotted field paths of that event's data
 * (`occurredOn`, `commitment.period`) to their new values; readers apply corrections in stream order.
 */
export class FactCorrectedData {
  @IsUUID()
  readonly eventId!: string;

  /** Type of the corrected event, so readers need not look it up. */
  @Matches(EVENT_TYPE)
  readonly eventType!: string;

  @IsObject()
  @IsChangeSet()
  readonly changes!: JsonObject;

  @IsText(4000)
  readonly reason!: string;

  /** When the error was found or the better source appeared, if a source says. */
  @Optional()
  @IsPartialDate()
  readonly occurredOn?: string;
}

/** The fact is withdrawn: readers treat it as never having happened (history still shows it). */
export class FactRetractedData {
  @IsUUID()
  readonly eventId!: string;

  @Matches(EVENT_TYPE)
  readonly eventType!: string;

  @IsText(4000)
  readonly reason!: string;

  @Optional()
  @IsPartialDate()
  readonly occurredOn?: string;
}

export type FactCorrected = DomainEvent<typeof FACT_CORRECTED, FactCorrectedData>;
export type FactRetracted = DomainEvent<typeof FACT_RETRACTED, FactRetractedData>;

export const factCorrected = defineEvent({
  type: FACT_CORRECTED,
  schemaVersion: 1,
  dataClass: FactCorrectedData,
  identity: ['eventId', 'eventType'],
});

export const factRetracted = defineEvent({
  type: FACT_RETRACTED,
  schemaVersion: 1,
  dataClass: FactRetractedData,
  identity: ['eventId', 'eventType'],
});
