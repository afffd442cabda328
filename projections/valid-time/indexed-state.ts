import type { LedgerState } from '../ledger/ledger-state';
import { ValidTimeIndex } from './valid-time-index';

/**
 * The valid-time index that goes with a state. The live model keeps one up to date event by event and passes
 * it in; anyone else (the CLI's one-off folds, tests) gets one derived from the state's entities, once per
 * entity map.
 */
const derived = new WeakMap<object, ValidTimeIndex>();

export function indexOf(state: LedgerState): ValidTimeIndex {
  let index = derived.get(state.entities);
  if (!index) {
    index = ValidTimeIndex.fromEntities(state.entities);
    derived.set(state.entities, index);
  }
  return index;
}

/** The recorded-time bound of a state for the index: what was folded up to its position (nothing before the first event). */
export function knownPositionOf(state: LedgerState): number {
  return state.position === null ? -1 : Number(state.position);
}
