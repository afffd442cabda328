import type { JsonObject } from '../src/event-store/event-store.port';
import { EntityTable } from './entity-map';
import { Amendment, Correction, EntityRecord, LedgerState, factFromParts, partsOfFact } from './ledger-state';

/** A LedgerState as plain JSON (bigints as decimal strings), for checkpoints kept on disk. */

/** 2: facts keep their event's JSON as text (1 held it parsed). A checkpoint of another format is rebuilt. */
export const CHECKPOINT_FORMAT = 2;

type EncodedAmendment<A extends Amendment> = Omit<A, 'position'> & { readonly position: string };

interface EncodedFact {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly recordedAt: string;
  /** The event's data and metadata as JSON text, as the store keeps them. */
  readonly recorded: string;
  readonly metadata: string;
  readonly believed: JsonObject | null;
  readonly corrections: EncodedAmendment<Correction>[];
  readonly retraction: EncodedAmendment<Amendment> | null;
}

interface EncodedEntity {
  readonly stream: string;
  readonly kind: string;
  readonly facts: EncodedFact[];
}

export interface EncodedLedgerState {
  readonly format: number;
  readonly position: string | null;
  readonly recordedAt: string | null;
  readonly eventCount: number;
  readonly entities: EncodedEntity[];
}

const encodeAmendment = <A extends Amendment>(a: A): EncodedAmendment<A> => ({ ...a, position: a.position.toString() });

export function encodeLedgerState(state: LedgerState): EncodedLedgerState {
  return {
    format: CHECKPOINT_FORMAT,
    position: state.position?.toString() ?? null,
    recordedAt: state.recordedAt,
    eventCount: state.eventCount,
    entities: [...state.entities.values()].map((entity) => ({
      stream: entity.stream,
      kind: entity.kind,
      facts: entity.facts.map((fact): EncodedFact => {
        const parts = partsOfFact(fact);
        return {
          eventId: parts.eventId,
          type: parts.type,
          stream: parts.stream,
          revision: parts.revision.toString(),
          position: parts.position.toString(),
          recordedAt: parts.recordedAt.toISOString(),
          recorded: parts.recordedJson,
          metadata: parts.metadataJson,
          believed: parts.believed,
          corrections: parts.corrections.map(encodeAmendment),
          retraction: parts.retraction ? encodeAmendment(parts.retraction) : null,
        };
      }),
    })),
  };
}

const decodeAmendment = <A extends Amendment>(a: EncodedAmendment<A>): A => ({ ...a, position: BigInt(a.position) }) as unknown as A;

export function decodeLedgerState(encoded: EncodedLedgerState): LedgerState {
  if (encoded.format !== CHECKPOINT_FORMAT) throw new Error(`Unknown checkpoint format ${encoded.format}`);
  const entities = encoded.entities.map(
    (entity): EntityRecord => ({
      stream: entity.stream,
      kind: entity.kind,
      facts: entity.facts.map((fact) =>
        factFromParts({
          eventId: fact.eventId,
          type: fact.type,
          stream: fact.stream,
          revision: BigInt(fact.revision),
          position: BigInt(fact.position),
          recordedAt: new Date(fact.recordedAt),
          recordedJson: fact.recorded,
          metadataJson: fact.metadata,
          believed: fact.believed,
          corrections: fact.corrections.map((c) => decodeAmendment<Correction>(c)),
          retraction: fact.retraction ? decodeAmendment<Amendment>(fact.retraction) : null,
        }),
      ),
    }),
  );
  const position = encoded.position === null ? null : BigInt(encoded.position);
  return { position, recordedAt: encoded.recordedAt, eventCount: encoded.eventCount, entities: EntityTable.of(entities, position).knownAt(position) };
}
