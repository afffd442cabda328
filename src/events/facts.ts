import { JsonObject, JsonValue } from '../event-store/event-store.port';
import { FACT_CORRECTED, FACT_RETRACTED } from './fact-amended.events';
import { FactEvent, RecordedEvent } from './event-catalogue';

/**
 * A fact as currently believed: its data with every correction so far applied, and whether it was retracted.
 * Pure: deciders and projections fold these.
 */
export type Fact = FactEvent & {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly retracted: boolean;
  /** Ids of the FactCorrected events applied, in order. */
  readonly correctedBy: readonly string[];
  /** The data as first recorded. */
  readonly recordedData: FactEvent['data'];
};

function segmentsOf(path: string): string[] {
  return path.split('.');
}

function childOf(node: JsonValue | undefined, key: string): JsonValue | undefined {
  if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] : undefined;
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, key)) return node[key];
  return undefined;
}

/** Whether the dotted path (`commitment.period`, `participants.0.role`) names a field the data has. */
export function hasPath(data: JsonObject, path: string): boolean {
  let node: JsonValue | undefined = data;
  for (const key of segmentsOf(path)) {
    node = childOf(node, key);
    if (node === undefined) return false;
  }
  return true;
}

export function valueAt(data: JsonObject, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = data;
  for (const key of segmentsOf(path)) node = childOf(node, key);
  return node;
}

function setAt(node: JsonValue, keys: readonly string[], value: JsonValue): JsonValue {
  const [key, ...rest] = keys;
  const current = childOf(node, key);
  if (current === undefined) throw new RangeError(`No field ${key} to change`);
  const next = rest.length === 0 ? value : setAt(current, rest, value);
  if (Array.isArray(node)) return node.map((item, i) => (i === Number(key) ? next : item));
  return { ...(node as JsonObject), [key]: next };
}

/** The data with each changed path replaced; paths must already exist. Does not mutate its input. */
export function applyChanges(data: JsonObject, changes: JsonObject): JsonObject {
  let result: JsonValue = data;
  for (const [path, value] of Object.entries(changes)) result = setAt(result, segmentsOf(path), value);
  return result as JsonObject;
}

/** Folds a stream's recorded events into its facts, applying corrections and retractions in stream order. */
export function effectiveFacts(events: readonly RecordedEvent[]): Fact[] {
  const facts: Fact[] = [];
  const byId = new Map<string, number>();
  for (const event of events) {
    if (event.type === FACT_CORRECTED || event.type === FACT_RETRACTED) {
      const index = byId.get(event.data.eventId);
      if (index === undefined) continue;
      const target = facts[index];
      facts[index] =
        event.type === FACT_RETRACTED
          ? { ...target, retracted: true }
          : ({
              ...target,
              data: applyChanges(target.data as unknown as JsonObject, event.data.changes),
              correctedBy: [...target.correctedBy, event.id],
            } as unknown as Fact);
      continue;
    }
    byId.set(event.id, facts.length);
    facts.push({ ...event, retracted: false, correctedBy: [], recordedData: event.data } as Fact);
  }
  return facts;
}

/** Facts not retracted: what the ledger currently believes happened. */
export function liveFacts(events: readonly RecordedEvent[]): Fact[] {
  return effectiveFacts(events).filter((fact) => !fact.retracted);
}
