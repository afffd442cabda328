import { FieldError, ValidationFailed } from '../domain/errors';
import { fieldErrors } from '../domain/validation';
import { JsonObject, StoredEvent } from '../event-store/event-store.port';
import { AgreementSigned, agreementSigned } from './agreement-signed.event';
import { ContributionDisbursed, contributionDisbursed } from './contribution-disbursed.event';
import { DialogueHeld, dialogueHeld } from './dialogue-held.event';
import { EventDefinition } from './event-definition';
import { FactCorrected, FactRetracted, factCorrected, factRetracted } from './fact-amended.events';
import { OfficeClosed, OfficeOpened, officeClosed, officeOpened } from './office.events';
import { PartyRegistered, partyRegistered } from './party-registered.event';
import { PledgeMade, PledgeRenewed, pledgeMade, pledgeRenewed } from './pledge.events';
import { ProgrammeLaunched, programmeLaunched } from './programme-launched.event';
import { SourceRegistered, sourceRegistered } from './source-registered.event';

/** Every event the ledger writes, each registered once under its stable type string. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [
  sourceRegistered,
  partyRegistered,
  agreementSigned,
  pledgeMade,
  pledgeRenewed,
  contributionDisbursed,
  officeOpened,
  officeClosed,
  dialogueHeld,
  programmeLaunched,
  factCorrected,
  factRetracted,
];

export type FactEvent =
  | SourceRegistered
  | PartyRegistered
  | AgreementSigned
  | PledgeMade
  | PledgeRenewed
  | ContributionDisbursed
  | OfficeOpened
  | OfficeClosed
  | DialogueHeld
  | ProgrammeLaunched;

/** Corrections and retractions amend a fact; they are not facts themselves. */
export type AmendmentEvent = FactCorrected | FactRetracted;

export type LedgerEvent = FactEvent | AmendmentEvent;
export type LedgerEventType = LedgerEvent['type'];

const BY_TYPE: ReadonlyMap<string, EventDefinition> = new Map(EVENT_DEFINITIONS.map((d) => [d.type, d]));

export class UnknownEventType extends Error {
  override readonly name = 'UnknownEventType';
  constructor(readonly type: string) {
    super(`No event type "${type}" in the catalogue`);
  }
}

/** A stored event the catalogue cannot read: a newer schema, a missing upcaster, or data that fails its class. */
export class UnreadableEvent extends Error {
  override readonly name = 'UnreadableEvent';
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly eventId: string,
    detail: string,
  ) {
    super(`Cannot read event ${eventId} (${stream}@${revision}): ${detail}`);
  }
}

export function isKnownEventType(type: string): type is LedgerEventType {
  return BY_TYPE.has(type);
}

export function eventDefinition(type: string): EventDefinition {
  const definition = BY_TYPE.get(type);
  if (!definition) throw new UnknownEventType(type);
  return definition;
}

/** Brings data written at `fromVersion` up to the definition's current schema version. */
export function upcastData(definition: EventDefinition, fromVersion: number, data: JsonObject): JsonObject {
  if (!Number.isInteger(fromVersion) || fromVersion < 1) throw new RangeError(`Bad schema version ${fromVersion}`);
  if (fromVersion > definition.schemaVersion) {
    throw new RangeError(`${definition.type} v${fromVersion} is newer than this code (v${definition.schemaVersion})`);
  }
  let current = data;
  for (let version = fromVersion; version < definition.schemaVersion; version++) {
    const upcaster = definition.upcasters[version];
    if (!upcaster) throw new RangeError(`No upcaster for ${definition.type} v${version} → v${version + 1}`);
    current = upcaster(current);
  }
  return current;
}

/** Field errors of event data against its type's class (empty when valid). */
export function eventDataErrors(type: string, data: unknown): FieldError[] {
  return fieldErrors(eventDefinition(type).dataClass, data);
}

/** Validates new event data before it is written; throws ValidationFailed. */
export function assertEventData(type: string, data: unknown): void {
  const errors = eventDataErrors(type, data);
  if (errors.length > 0) throw new ValidationFailed(errors);
}

/** A stored event, upcast to the current schema and validated, as a typed LedgerEvent plus where it sits. */
export type RecordedEvent = LedgerEvent & { readonly id: string; readonly stream: string; readonly revision: bigint };

export function readRecordedEvent(stored: StoredEvent): RecordedEvent {
  const fail = (detail: string) => new UnreadableEvent(stored.stream, stored.revision, stored.id, detail);
  const definition = BY_TYPE.get(stored.type);
  if (!definition) throw fail(`unknown type ${stored.type}`);
  const version = stored.metadata.schemaVersion;
  let data: JsonObject;
  try {
    data = upcastData(definition, typeof version === 'number' ? version : Number.NaN, stored.data);
  } catch (error) {
    throw fail((error as Error).message);
  }
  // Data stays plain JSON (not class instances) so facts remain serialisable and comparable.
  const errors = fieldErrors(definition.dataClass, data);
  if (errors.length > 0) throw fail(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return { id: stored.id, stream: stored.stream, revision: stored.revision, type: stored.type, data } as unknown as RecordedEvent;
}
