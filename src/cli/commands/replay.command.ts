import { QueryBus } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { dayOf } from '../../domain/partial-date';
import { headOf } from '../../event-store/log-reader';
import { LiveLedger } from '../../read-models/live-ledger';
import { GetStateQuery } from '../../read-models/read-queries';
import { CLOCK, Clock } from '../../time/clock';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { ReadSide } from '../read-side';
import * as render from '../render';
import { LongCommand, ProgressOptions, StateAnswer, dayOption } from './base';

interface ReplayOptions extends ProgressOptions {
  to?: string;
  asOf?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const POSITION = /^\d{1,20}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--to`: a day (its end, UTC), an instant, or a global position. */
export function parseReplayTo(value: string): { until: bigint | Date; day: string | null; describe: string } {
  if (DAY.test(value)) {
    dayOption(value);
    const end = new Date(`${value}T23:59:59.999Z`);
    return { until: end, day: value, describe: `recorded on or before ${value} (until ${end.toISOString()})` };
  }
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
    const at = new Date(value);
    return { until: at, day: dayOf(at), describe: `recorded at or before ${at.toISOString()}` };
  }
  if (POSITION.test(value)) return { until: BigInt(value), day: null, describe: `at or before position ${value}` };
  throw new UsageError(`--to must be a date YYYY-MM-DD, an ISO 8601 timestamp with a zone, or a global position, not "${value}"`);
}

@Command({
  name: 'replay',
  description:
    'the ledger as it was known at the end of a day: replay, in order, only the events recorded on or before --to (recorded time, UTC: what was recorded later, corrections included, is left out) and show the state they give at valid date --as-of (default: the same day)',
})
export class ReplayCommand extends LongCommand<ReplayOptions> {
  constructor(
    store: CliStore,
    private readonly readSide: ReadSide,
    private readonly live: LiveLedger,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(store);
  }

  @Option({
    flags: '--to <date|timestamp|position>',
    description: 'YYYY-MM-DD: every event recorded by the end of that UTC day; or an ISO 8601 instant; or a global position',
    required: true,
  })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--as-of <date>', description: 'valid date to read the replayed state at (default: the --to day; for a position, the day of the last replayed event)' })
  parseAsOf(value: string): string {
    return dayOption(value);
  }

  protected async execute(_args: string[], options: ReplayOptions) {
    const to = parseReplayTo(options.to ?? '');
    const started = Date.now();
    const head = (await headOf(this.store));
    const bar = this.progressBar('replay', options.progress, head);
    const result = await this.readSide.replay({ until: to.until, onProgress: (position, events) => bar.update(position, events) });
    bar.finish(result.position, result.events);
    const lastRecordedAt = this.live.current.recordedAt;
    const asOf = options.asOf ?? to.day ?? (lastRecordedAt ? lastRecordedAt.slice(0, 10) : dayOf(this.clock.now()));
    const state = (await this.queries.execute(new GetStateQuery({ asOf }))) as unknown as StateAnswer;
    const replay = {
      to: options.to,
      replayed: to.describe,
      events: result.events,
      position: result.position,
      lastRecordedAt,
      eventsAfter: head !== null && result.position !== head ? 'yes' : 'no',
      asOf,
      elapsedMs: Date.now() - started,
    };
    if (options.json) return this.printJson({ ok: true, replay, state });
    this.print(
      [
        renderPairs([
          ['replayed', `${result.events} events ${to.describe}`],
          ['resulting position', result.position ?? 'none (nothing recorded by then)'],
          ['last recorded at', lastRecordedAt ?? '—'],
          ['read at valid date', asOf],
          ['took', `${replay.elapsedMs} ms`],
        ]),
        '',
        render.stateReport(state),
      ].join('\n'),
    );
  }
}
