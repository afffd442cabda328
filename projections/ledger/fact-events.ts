import type { JsonObject } from '../../src/event-store/event-store.port';
import { FactEvent, isKnownEventType } from '../../src/events/event-catalogue';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import type { FactType } from './fact-record';

export function isFactType(type: string): type is FactType {
  return isKnownEventType(type) && type !== FACT_CORRECTED && type !== FACT_RETRACTED;
}

/** The fact as the catalogue's event union (switch on its type), or undefined for a type the catalogue does not hold. */
export function factEventOf(fact: { readonly type: string; readonly data: JsonObject }): FactEvent | undefined {
  if (!isFactType(fact.type)) return undefined;
  const event: { readonly type: string; readonly data: object } = { type: fact.type, data: fact.data };
  return event as FactEvent;
}

