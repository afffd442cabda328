import { QueryBus } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { dayOf } from '../../domain/partial-date';
import { headOf } from '../../event-store/log-reader';
import { LiveLedger } from '../../read-models/live-ledger';
import { GetCommitmentsQuery, GetOfficesQuery } from '../../read-models/read-queries';
import { CLOCK, Clock } from '../../time/clock';
import { CliStore } from '../cli-store';
import { renderPairs, renderTable } from '../output';
import { ReadSide } from '../read-side';
import { LongCommand, ProgressOptions, dayOption } from './base';

interface Paged {
  readonly page: { readonly total: number };
}

function typeCounts(counts: ReadonlyMap<string, number>): { type: string; count: number }[] {
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count }));
}

interface RebuildOptions extends ProgressOptions {
  asOf?: string;
  save?: boolean;
}

@Command({
  name: 'rebuild',
  description:
    'replay every event of the log, from the first, through the projections, as the server does on every start; report the events by type, the resulting position, and the commitments and open offices at a date (`ledger state` counts the rest)',
})
export class RebuildCommand extends LongCommand<RebuildOptions> {
  constructor(
    store: CliStore,
    private readonly readSide: ReadSide,
    private readonly live: LiveLedger,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(store);
  }

  @Option({ flags: '--as-of <date>', description: 'valid date for the reported counts (default: today, UTC)' })
  parseAsOf(value: string): string {
    return dayOption(value);
  }

  @Option({
    flags: '--no-save',
    description: 'kept for scripts written when a rebuild saved a checkpoint; the ledger keeps none now (a rebuild from the store is faster than loading one), so it changes nothing',
  })
  parseNoSave(): boolean {
    return false;
  }

  protected async execute(_args: string[], options: RebuildOptions) {
    const started = Date.now();
    const head = (await headOf(this.store));
    const bar = this.progressBar('rebuild', options.progress, head);
    const result = await this.readSide.replay({ onProgress: (position, events) => bar.update(position, events) });
    bar.finish(result.position, result.events);
    const asOf = options.asOf ?? dayOf(this.clock.now());
    // Counts from the two indexed read models only: counting engagements or programmes at a date means building
    // every one of them (15 s at a million events), which `ledger state` does when asked; a rebuild reports the fold.
    const first = { limit: 1 };
    const commitments = (await this.queries.execute(new GetCommitmentsQuery({ asOf }, false, first))) as unknown as Paged;
    const offices = (await this.queries.execute(new GetOfficesQuery({ asOf }, first))) as unknown as Paged;
    const report = {
      ok: true,
      events: result.events,
      position: result.position,
      recordedAt: this.live.current.recordedAt,
      streams: this.live.current.entities.size,
      eventTypes: typeCounts(result.types),
      asOf,
      counts: { commitments: commitments.page.total, offices: offices.page.total },
      elapsedMs: Date.now() - started,
    };
    if (options.json) return this.printJson(report);
    this.print(
      [
        renderPairs([
          ['events replayed', report.events],
          ['resulting position', report.position ?? 'none (empty log)'],
          ['last recorded at', report.recordedAt ?? '—'],
          ['streams', report.streams],
          [`commitments at ${asOf}`, report.counts.commitments],
          [`offices open at ${asOf}`, report.counts.offices],
          ['took', `${report.elapsedMs} ms`],
        ]),
        '',
        renderTable(
          [
            { header: 'event type', value: (f: { type: string; count: number }) => f.type },
            { header: 'events', value: (f) => f.count, right: true },
          ],
          report.eventTypes,
        ),
      ].join('\n'),
    );
  }
}
