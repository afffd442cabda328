import { isDay } from './dates.js';
import { type Language, isLanguage } from './i18n.js';

/** What the address bar holds, so a view can be shared: never the auditor key. */
export interface ViewState {
  /** Valid date D; null = today. */
  asOf: string | null;
  /** Recorded time T: a global position or an ISO timestamp; null = now. */
  knownAt: string | null;
  diffFrom: string | null;
  diffTo: string | null;
  /** The stream whose history is open. */
  entity: string | null;
  /** The interface's language; English when absent. */
  lang: Language;
  /** One partnership's commitments and pledges: a donor's party id, a recipient's, or both; null = every one. */
  donor: string | null;
  recipient: string | null;
}

export const KNOWN_AT_PATTERN = /^(\d{1,20}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))$/;
const STREAM_PATTERN = /^[a-z0-9][a-z0-9-]{0,199}$/;
/** A party id as the API takes it (a slug of at most 80 characters): anything else is left out of the view. */
const PARTY_PATTERN = /^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function readViewState(search: string = location.search): ViewState {
  const params = new URLSearchParams(search);
  const day = (name: string) => {
    const value = params.get(name);
    return isDay(value) ? value : null;
  };
  const knownAt = params.get('knownAt');
  const entity = params.get('entity');
  const lang = params.get('lang');
  const party = (name: string) => {
    const value = params.get(name);
    return value && PARTY_PATTERN.test(value) ? value : null;
  };
  return {
    lang: isLanguage(lang) ? lang : 'en',
    asOf: day('asOf'),
    knownAt: knownAt && KNOWN_AT_PATTERN.test(knownAt) ? knownAt : null,
    diffFrom: day('from'),
    diffTo: day('to'),
    entity: entity && STREAM_PATTERN.test(entity) ? entity : null,
    donor: party('donor'),
    recipient: party('recipient'),
  };
}

export function viewStateQuery(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.asOf) params.set('asOf', state.asOf);
  if (state.knownAt) params.set('knownAt', state.knownAt);
  if (state.diffFrom && state.diffTo) {
    params.set('from', state.diffFrom);
    params.set('to', state.diffTo);
  }
  if (state.entity) params.set('entity', state.entity);
  if (state.donor) params.set('donor', state.donor);
  if (state.recipient) params.set('recipient', state.recipient);
  if (state.lang !== 'en') params.set('lang', state.lang);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function writeViewState(state: ViewState): void {
  const query = viewStateQuery(state);
  if (query !== location.search) history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
}
