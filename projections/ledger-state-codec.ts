import { Map as ImmutableMap } from 'immutable';
import { Amendment, Correction, EntityRecord, FactRecord, LedgerState } from './ledger-state';

/** A LedgerState as plain JSON (bigints as decimal strings), for checkpoints kept on disk. */

export const CHECKPOINT_FORMAT = 1;

type Encoded<T> = T extends bigint
  ? string
  : T extends readonly (infer Item)[]
    ? Encoded<Item>[]
    : T extends object
      ? { [K in keyof T]: Encoded<T[K]> }
      : T;

export interface EncodedLedgerState {
  readonly format: number;
  readonly position: string | null;
  readonly recordedAt: string | null;
  readonly eventCount: number;
  readonly entities: Encoded<EntityRecord>[];
}

const encodeAmendment = <A extends Amendment>(a: A) => ({ ...a, position: a.position.toString() });

export function encodeLedgerState(state: LedgerState): EncodedLedgerState {
  return {
    format: CHECKPOINT_FORMAT,
    position: state.position?.toString() ?? null,
    recordedAt: state.recordedAt,
    eventCount: state.eventCount,
    entities: [...state.entities.values()].map((entity) => ({
      ...entity,
      facts: entity.facts.map((fact) => ({
        ...fact,
        revision: fact.revision.toString(),
        position: fact.position.toString(),
        corrections: fact.corrections.map(encodeAmendment),
        retraction: fact.retraction ? encodeAmendment(fact.retraction) : null,
      })),
    })) as unknown as Encoded<EntityRecord>[],
  };
}

const decodeAmendment = <A extends Amendment>(a: Encoded<A>): A => ({ ...a, position: BigInt(a.position) }) as unknown as A;

export function decodeLedgerState(encoded: EncodedLedgerState): LedgerState {
  if (encoded.format !== CHECKPOINT_FORMAT) throw new Error(`Unknown checkpoint format ${encoded.format}`);
  const entities = encoded.entities.map((entity): EntityRecord => ({
    stream: entity.stream,
    kind: entity.kind,
    facts: entity.facts.map(
      (fact): FactRecord => ({
        ...fact,
        revision: BigInt(fact.revision),
        position: BigInt(fact.position),
        corrections: fact.corrections.map((c) => decodeAmendment<Correction>(c)),
        retraction: fact.retraction ? decodeAmendment<Amendment>(fact.retraction) : null,
      }),
    ),
  }));
  return {
    position: encoded.position === null ? null : BigInt(encoded.position),
    recordedAt: encoded.recordedAt,
    eventCount: encoded.eventCount,
    entities: ImmutableMap(entities.map((entity) => [entity.stream, entity])),
  };
}
