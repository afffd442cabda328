import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Command, Option } from 'nest-commander';
import { dayOf } from '../../domain/partial-date';
import { validated } from '../../domain/validation';
import { ValidationFailed } from '../../domain/errors';
import { LiveLedger } from '../../read-models/live-ledger';
import { CommitmentsParams, DiffParams, EventsParams, ReadAtParams, parseKnownAt } from '../../read-models/read-params.dto';
import {
  GetCommitmentsQuery,
  GetDiffQuery,
  GetEngagementsQuery,
  GetEventsQuery,
  GetHistoryQuery,
  GetOfficesQuery,
  GetProgrammesQuery,
  GetStateQuery,
  GetTimelineQuery,
  ReadPoint,
} from '../../read-models/read-queries';
import { CliFailure } from '../cli-errors';
import { CliStore } from '../cli-store';
import { ReadSide } from '../read-side';
import * as render from '../render';
import { CLOCK, Clock } from '../../time/clock';
import { JsonOption, LedgerCliCommand, StateAnswer, positiveIntOption } from './base';
import { asOptionErrors, partyOptionErrors } from './party-options';

interface ReadOptions extends JsonOption {
  asOf?: string;
  knownAt?: string;
}

const AS_OF_HELP = 'valid date D, YYYY-MM-DD: when facts happened in the world (default: today, UTC)';
const KNOWN_AT_HELP =
  'recorded time T: a global position or an ISO 8601 timestamp with a zone; the ledger as it stood then (default: now)';

/**
 * A query on the QueryBus, answered by the same handlers as the HTTP API after the CLI has folded the log.
 * Every read stands at valid date D (--as-of) as known at recorded time T (--known-at).
 */
@Injectable()
export abstract class ReadCommand<Options extends ReadOptions = ReadOptions> extends LedgerCliCommand<Options> {
  constructor(
    store: CliStore,
    protected readonly queries: QueryBus,
    protected readonly readSide: ReadSide,
    /** "Today" for a read without --as-of: the same injected clock as the HTTP API's, never the CLI's own. */
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {
    super(store);
  }

  @Option({ flags: '--as-of <date>', description: AS_OF_HELP })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({ flags: '--known-at <position|timestamp>', description: KNOWN_AT_HELP })
  parseKnownAt(value: string): string {
    return value;
  }

  /** Validates --as-of/--known-at with the HTTP API's rules and folds the log. */
  protected async readPoint(options: ReadOptions): Promise<ReadPoint> {
    const params = validated(ReadAtParams, defined({ asOf: options.asOf, knownAt: options.knownAt }));
    await this.readSide.ready();
    return { asOf: params.asOf ?? dayOf(this.clock.now()), knownAt: parseKnownAt(params.knownAt) };
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

@Command({ name: 'state', description: 'the partnership at a valid date: commitments, offices, engagements and programmes' })
export class StateCommand extends ReadCommand {
  protected async execute(_args: string[], options: ReadOptions) {
    const answer = (await this.queries.execute(new GetStateQuery(await this.readPoint(options)))) as StateAnswer;
    if (options.json) return this.printJson(answer);
    this.print(
      [
        render.readPoint(answer),
        '',
        render.stateReport(answer),
      ].join('\n'),
    );
  }
}

interface CommitmentsOptions extends ReadOptions {
  includeRetracted?: boolean;
  donor?: string;
  recipient?: string;
}

@Command({
  name: 'commitments',
  description:
    'agreements with a financial commitment, pledges and renewals: status at D, totals per currency (pledges apart); --donor and --recipient narrow them, totals included, to one partnership',
})
export class CommitmentsCommand extends ReadCommand<CommitmentsOptions> {
  constructor(store: CliStore, queries: QueryBus, readSide: ReadSide, @Inject(CLOCK) clock: Clock, private readonly live: LiveLedger) {
    super(store, queries, readSide, clock);
  }

  @Option({ flags: '--include-retracted', description: 'also list retracted commitments (status "retracted")' })
  parseIncludeRetracted(): boolean {
    return true;
  }

  @Option({ flags: '--donor <party>', description: 'only commitments and pledges from this party (a registered party id, e.g. qatar)' })
  parseDonor(value: string): string {
    return value;
  }

  @Option({ flags: '--recipient <party>', description: 'only commitments and pledges to this party (a registered party id, e.g. unoct)' })
  parseRecipient(value: string): string {
    return value;
  }

  protected async execute(_args: string[], options: CommitmentsOptions) {
    // The API's rule for the ids (isSlug); then, where the API answers an unknown party with an empty list, a typo
    // on the command line is told apart from a partnership without commitments: the party must be registered.
    let parties: CommitmentsParams;
    try {
      parties = validated(CommitmentsParams, defined({ donor: options.donor, recipient: options.recipient }));
    } catch (error) {
      throw asOptionErrors(error);
    }
    const at = await this.readPoint(options);
    const unknown = partyOptionErrors(parties, (id) => this.live.current.entities.get(`party-${id}`) !== undefined);
    if (unknown.length > 0) throw new ValidationFailed(unknown);
    const filter = { ...(parties.donor ? { donorId: parties.donor } : {}), ...(parties.recipient ? { recipientId: parties.recipient } : {}) };
    const answer = await this.queries.execute(new GetCommitmentsQuery(at, options.includeRetracted === true, {}, filter));
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.commitmentsTable(answer as never)}`);
  }
}

@Command({ name: 'offices', description: 'the office registry: offices open at D, with opening date and precision, operator, host agreement' })
export class OfficesCommand extends ReadCommand {
  protected async execute(_args: string[], options: ReadOptions) {
    const answer = await this.queries.execute(new GetOfficesQuery(await this.readPoint(options)));
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.officesTable((answer as unknown as { offices: never }).offices)}`);
  }
}

@Command({ name: 'engagements', description: 'dialogues, forums and meetings held by D, with the follow-ups they promised and whether later ones fulfilled them' })
export class EngagementsCommand extends ReadCommand {
  protected async execute(_args: string[], options: ReadOptions) {
    const answer = await this.queries.execute(new GetEngagementsQuery(await this.readPoint(options)));
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.engagementsTable((answer as unknown as { engagements: never }).engagements)}`);
  }
}

@Command({ name: 'programmes', description: 'programmes launched by D, with funders, partners and mandate references' })
export class ProgrammesCommand extends ReadCommand {
  protected async execute(_args: string[], options: ReadOptions) {
    const answer = await this.queries.execute(new GetProgrammesQuery(await this.readPoint(options)));
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.programmesTable((answer as unknown as { programmes: never }).programmes)}`);
  }
}

@Command({ name: 'timeline', description: 'every fact that happened by D, oldest first, with the sources it rests on' })
export class TimelineCommand extends ReadCommand {
  protected async execute(_args: string[], options: ReadOptions) {
    const answer = await this.queries.execute(new GetTimelineQuery(await this.readPoint(options)));
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.timelineTable((answer as unknown as { timeline: never }).timeline)}`);
  }
}

@Command({
  name: 'history',
  arguments: '<stream>',
  argsDescription: { stream: 'a stream name, e.g. office-behavioural-insights-hub or agreement-qa-unoct-2018' },
  description: 'the history of one entity: each fact as first recorded, each correction (before/after) and retraction, when, by whom, on which sources',
})
export class HistoryCommand extends ReadCommand {
  protected async execute([stream]: string[], options: ReadOptions) {
    const answer = await this.queries.execute(new GetHistoryQuery(stream!, await this.readPoint(options)));
    if (!answer) throw new CliFailure(`no stream "${stream}" is known at that point`);
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.historyTable((answer as unknown as { history: never }).history)}`);
  }
}

interface DiffOptions extends JsonOption {
  from?: string;
  to?: string;
  knownAt?: string;
}

@Command({ name: 'diff', description: 'what changed in commitments, offices, engagements and programmes between two valid dates, as known at T' })
export class DiffCommand extends LedgerCliCommand<DiffOptions> {
  constructor(
    store: CliStore,
    private readonly queries: QueryBus,
    private readonly readSide: ReadSide,
  ) {
    super(store);
  }

  @Option({ flags: '--from <date>', description: 'earlier valid date, YYYY-MM-DD', required: true })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'later valid date, YYYY-MM-DD', required: true })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--known-at <position|timestamp>', description: KNOWN_AT_HELP })
  parseKnownAt(value: string): string {
    return value;
  }

  protected async execute(_args: string[], options: DiffOptions) {
    const params = validated(DiffParams, defined({ from: options.from, to: options.to, knownAt: options.knownAt }));
    await this.readSide.ready();
    const answer = await this.queries.execute(new GetDiffQuery(params.from, params.to, parseKnownAt(params.knownAt)));
    if (options.json) return this.printJson(answer);
    this.print(`${render.readPoint(answer)}\n\n${render.diffTable((answer as unknown as { diff: never }).diff)}`);
  }
}

interface EventsOptions extends JsonOption {
  after?: string;
  limit?: number;
  stream?: string;
  type?: string;
  knownAt?: string;
}

@Command({ name: 'events', description: 'the raw log in global order, with metadata and chain hashes (a page at a time)' })
export class EventsCommand extends LedgerCliCommand<EventsOptions> {
  constructor(
    store: CliStore,
    private readonly queries: QueryBus,
    private readonly readSide: ReadSide,
  ) {
    super(store);
  }

  @Option({ flags: '--after <position>', description: 'events after this global position' })
  parseAfter(value: string): string {
    return value;
  }

  @Option({ flags: '--limit <n>', description: 'at most this many events, 1–1000 (default 100)' })
  parseLimit(value: string): number {
    return positiveIntOption(value);
  }

  @Option({ flags: '--stream <prefix>', description: 'only streams starting with this prefix' })
  parseStream(value: string): string {
    return value;
  }

  @Option({ flags: '--type <type>', description: 'only events of this type, e.g. AgreementSigned' })
  parseType(value: string): string {
    return value;
  }

  @Option({ flags: '--known-at <position|timestamp>', description: KNOWN_AT_HELP })
  parseKnownAt(value: string): string {
    return value;
  }

  protected async execute(_args: string[], options: EventsOptions) {
    const params = validated(
      EventsParams,
      defined({ after: options.after, limit: options.limit, stream: options.stream, type: options.type, knownAt: options.knownAt }),
    );
    await this.readSide.ready();
    const answer = await this.queries.execute(
      new GetEventsQuery({
        after: params.after === undefined ? undefined : BigInt(params.after),
        limit: params.limit ?? 100,
        streamPrefix: params.stream,
        type: params.type,
        knownAt: parseKnownAt(params.knownAt),
      }),
    );
    if (options.json) return this.printJson(answer);
    const events = (answer as unknown as { events: never }).events;
    this.print(`as known at ${answer.knownAt ?? 'now'} (position ${answer.position ?? 'none'})\n\n${render.eventsTable(events)}`);
  }
}

export const QUERY_COMMANDS = [
  StateCommand,
  CommitmentsCommand,
  OfficesCommand,
  EngagementsCommand,
  ProgrammesCommand,
  TimelineCommand,
  HistoryCommand,
  DiffCommand,
  EventsCommand,
];
