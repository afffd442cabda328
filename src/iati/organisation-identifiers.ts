import { createHash } from 'node:crypto';
import { isSlug } from '../domain/slug';

/**
 * Parties and IATI organisation identifiers. A party imported from IATI has the id `iati-<identifier in lower
 * case>`, and is written back as that identifier in upper case. A party the ledger made itself has no IATI
 * identifier: it is written under the reporting organisation's own, `<reporting-org>-PARTY-<PARTY-ID>`, and an
 * import of that file maps it back to the party id.
 */

const IMPORTED_PREFIX = 'iati-';
const LOCAL_MARK = '-PARTY-';

export function organisationRefOf(partyId: string, reportingRef: string): string {
  if (partyId.startsWith(IMPORTED_PREFIX)) return partyId.slice(IMPORTED_PREFIX.length).toUpperCase();
  return `${reportingRef}${LOCAL_MARK}${partyId.toUpperCase()}`;
}

/** A slug for any IATI identifier: its words in lower case, or a hash when they do not fit. */
export function slugOfIdentifier(identifier: string, prefix: string): string {
  const words = identifier.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const slug = `${prefix}${words}`;
  if (words.length > 0 && isSlug(slug)) return slug;
  return `${prefix}${createHash('sha256').update(identifier).digest('hex').slice(0, 32)}`;
}

/** The party an organisation identifier in a file reported by `reportingRef` stands for. */
export function partyIdOf(ref: string, reportingRef: string): string {
  const local = `${reportingRef}${LOCAL_MARK}`;
  if (ref.startsWith(local)) {
    const id = ref.slice(local.length).toLowerCase();
    if (isSlug(id) && !id.startsWith(IMPORTED_PREFIX)) return id;
  }
  return slugOfIdentifier(ref, IMPORTED_PREFIX);
}

