import 'reflect-metadata';
import { ClassConstructor } from 'class-transformer';
import { JsonObject } from '../event-store/event-store.port';

/** A domain event as the deciders and projections see it: a stable type string and validated data. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** What another stream must hold for a reference in event data to be valid. */
export type ReferenceKind = 'source' | 'party' | 'agreement' | 'engagement' | 'commitment';

export interface Reference {
  /** Dotted path of the referring field in the data, e.g. `commitment.donorId`. */
  readonly field: string;
  readonly kind: ReferenceKind;
  /** The referenced stream, e.g. `party-qatar`. */
  readonly stream: string;
  /** For a reference to an engagement's promised follow-up: which outcome. */
  readonly outcomeIndex?: number;
}

/** Upgrades data written at schema version N to version N + 1. */
export type Upcaster = (data: JsonObject) => JsonObject;

export interface EventDefinition<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  /** The version new events are written with; stored in metadata.schemaVersion. */
  readonly schemaVersion: number;
  /** Validates new data and data read back (after upcasting). */
  readonly dataClass: ClassConstructor<Data>;
  /** `upcasters[n]` turns version n data into version n + 1. Never edit a released one: add the next. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  /** Fields that name the entity: a correction may not change them. */
  readonly identity: readonly string[];
  /** The field carrying the fact's valid time (a partial date), if any. */
  readonly validTimeField?: string;
  /** References to other streams held in the data; the recorder checks they exist. */
  references(data: Data): Reference[];
}

export function defineEvent<Type extends string, Data extends object>(
  definition: Omit<EventDefinition<Type, Data>, 'upcasters' | 'references'> &
    Partial<Pick<EventDefinition<Type, Data>, 'upcasters' | 'references'>>,
): EventDefinition<Type, Data> {
  return { upcasters: {}, references: () => [], ...definition };
}

export function partyRef(field: string, partyId: string | undefined): Reference[] {
  return partyId === undefined ? [] : [{ field, kind: 'party', stream: `party-${partyId}` }];
}

export function partyRefs(field: string, partyIds: readonly string[] | undefined): Reference[] {
  return (partyIds ?? []).flatMap((id, i) => partyRef(`${field}.${i}`, id));
}

export function streamRef(field: string, kind: ReferenceKind, stream: string | undefined): Reference[] {
  return stream === undefined ? [] : [{ field, kind, stream }];
}
