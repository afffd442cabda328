import { Ordinals, StreamOrdinals } from '../columnar/ordinals';
import { PageInfo, PageRequest } from '../columnar/paging';
import { commitmentTermsOf } from '../commitments/commitment-terms';
import { CommitmentIndex, CommitmentScan } from '../commitments/commitments.fast';
import type { EntitiesKnownAt } from '../ledger/entity-table';
import type { IndexedEntity } from '../ledger/fact-record';
import { officeTermsOf } from '../offices/office-terms';
import { OfficeIndex, OfficeRowAnswer } from '../offices/offices.fast';
import { IndexedTerms, isIndexed } from './indexed-terms';

/**
 * The indexes the live model keeps beside its entity table for the two views that answer by valid date from
 * derived rows: commitments (commitments.fast.ts) and offices (offices.fast.ts). Each entity's terms are derived
 * once per version of the entity; rows carry the positions they held at, so one index serves the live state and
 * every earlier one.
 */

export interface ValidTimeIndexOptions {
  /** Rebuild the current-state sums once this many entities changed since the last build (plus 1/32 of the rows). */
  readonly rebuildAfterChanges?: number;
  /**
   * Stream numbers to share, so that an update can name its entity by number (the entity table's: the index
   * then neither keeps a second map of every stream nor looks names up). The index's own when absent.
   */
  readonly streams?: StreamOrdinals;
}

export class ValidTimeIndex {
  private readonly streams: StreamOrdinals;
  readonly commitments: CommitmentIndex;
  readonly offices: OfficeIndex;

  constructor(options: ValidTimeIndexOptions = {}) {
    const rebuildAfterChanges = options.rebuildAfterChanges ?? 256;
    this.streams = options.streams ?? new Ordinals();
    this.commitments = new CommitmentIndex(this.streams, rebuildAfterChanges);
    this.offices = new OfficeIndex(this.streams, rebuildAfterChanges);
  }

  /** Every version of every entity in a state, as if its events had been folded one by one. */
  static fromEntities(entities: EntitiesKnownAt): ValidTimeIndex {
    const table = entities.table;
    const index = new ValidTimeIndex({ streams: table.streams });
    for (let row = 0; row <= entities.lastRow; row++) {
      const ordinal = table.streamOrdinalAt(row);
      if (!isIndexed(table.streamKind(ordinal), table.typeAt(row))) continue;
      const entity = table.indexedEntityOf(ordinal, row);
      if (entity) index.update(entity, table.positionAt(row), ordinal);
    }
    return index;
  }

  /**
   * Records the entity as it stands after the event at `position` (a no-op when its derived terms are
   * unchanged). `ordinal`: its stream's number in the index's streams, when the caller knows it.
   */
  update(entity: IndexedEntity, position: bigint, ordinal = this.streams.of(entity.stream)): void {
    if (entity.kind === 'agreement' || entity.kind === 'pledge') this.commitments.setTerms(ordinal, Number(position), commitmentTermsOf(entity));
    else if (entity.kind === 'office') this.offices.setTerms(ordinal, Number(position), officeTermsOf(entity));
  }

  /** Records the terms derived from the stream numbered `ordinal` after the event at `position` (see firstFactTerms). */
  updateTerms(ordinal: number, position: bigint, derived: IndexedTerms): void {
    if (derived.kind === 'commitment') this.commitments.setTerms(ordinal, Number(position), derived.terms);
    else this.offices.setTerms(ordinal, Number(position), derived.terms);
  }

  /** Builds the current-state sums now rather than on the first query (the live model does so once caught up). */
  prepare(): void {
    this.commitments.prepare();
    this.offices.prepare();
  }

  /** See CommitmentIndex.scan. */
  scanCommitments(known: number, day: number, includeRetracted: boolean, page: PageRequest): CommitmentScan {
    return this.commitments.scan(known, day, includeRetracted, page);
  }

  /** See OfficeIndex.scan. */
  scanOffices(known: number, day: number, page: PageRequest): { items: OfficeRowAnswer[]; page: PageInfo } {
    return this.offices.scan(known, day, page);
  }
}
