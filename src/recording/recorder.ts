import { Inject, Injectable, Logger } from '@nestjs/common';
import { validated } from '../domain/validation';
import { ConcurrencyError, DuplicateEventError } from '../event-store/event-store.errors';
import { AppendRequest, AppendResult, EVENT_STORE, EventStore, StoredEvent } from '../event-store/event-store.port';
import { toJsonObject } from '../events/canonical-json';
import { CitationJson, envelope, headHash } from '../events/envelope';
import { RecordedEvent, eventDataErrors, readRecordedEvent } from '../events/event-catalogue';
import { Fact, effectiveFacts } from '../events/facts';
import { CLOCK, Clock } from '../time/clock';
import { proveCitations } from './citations';
import { CommandRegistry } from './command-registry';
import { foldFacts } from './decider';
import { GroupCommit } from './group-commit';
import { LedgerCommand, RecordResult, assertCommandEnvelope, wasValidated } from './ledger-command';
import { assertClaimsFit } from './claims';
import { assertReferences, referencesOf } from './references';
import { CommandConflict, CommandIdReused } from './recording.errors';

/** Attempts per command: the first, then reloads after a concurrency conflict. */
export const MAX_ATTEMPTS = 4;

/** A command id replayed with a request hash must have recorded that same hash (when it recorded one). */
function assertSameRequest(commandId: string, requestSha256: string | undefined, previous: readonly StoredEvent[]): void {
  const recorded = previous[0]?.metadata.requestSha256;
  if (requestSha256 !== undefined && typeof recorded === 'string' && recorded !== requestSha256) {
    throw new CommandIdReused(commandId, `its events in ${previous[0]!.stream} were recorded from a request with another hash`);
  }
}

function resultOf(commandId: string, stream: string, events: readonly StoredEvent[], replayed: boolean): RecordResult {
  const last = events[events.length - 1];
  return {
    commandId,
    stream,
    eventIds: events.map((e) => e.id),
    firstRevision: events[0].revision,
    lastRevision: last.revision,
    position: last.position,
    replayed,
  };
}

/** Reads a stream as a decision sees it: the store's events, and for a batch those it decided but not yet appended. */
export type StreamReader = (stream: string) => Promise<readonly StoredEvent[]>;

/** What deciding a command came to: it was recorded before (nothing to append), or these events to append. */
export type Decision =
  | { readonly kind: 'recorded'; readonly result: RecordResult }
  | {
      readonly kind: 'append';
      readonly commandId: string;
      readonly requestSha256: string | undefined;
      readonly firstRevision: bigint;
      readonly request: AppendRequest;
    };

/** Facts of stored events by event id: events never change, and most commands cite the same few sources. */
const READ_CACHE_SIZE = 4096;

/**
 * The write path shared by every command, in two steps: `decide` (load the stream, decide, envelope: appends
 * nothing) and the append with the expected revision, through group commit. On a concurrency conflict it
 * reloads and decides again, a bounded number of times. What a command needs (stream, decider, payload class)
 * comes from its manifest, found by the command's name.
 */
@Injectable()
export class Recorder {
  private readonly logger = new Logger(Recorder.name);
  private readonly recordedEvents = new Map<string, RecordedEvent>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly groupCommit: GroupCommit,
    private readonly registry: CommandRegistry,
  ) {}

  async record(command: LedgerCommand): Promise<RecordResult> {
    let lastConflict: unknown;
    let stream = '';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const decision =
        lastConflict instanceof DuplicateEventError ? await this.decideAfterDuplicate(command, lastConflict) : await this.decide(command);
      if (decision.kind === 'recorded') return decision.result;
      stream = decision.request.stream;
      try {
        return await this.resultOfAppend(decision, await this.groupCommit.append(decision.request));
      } catch (error) {
        if (!(error instanceof ConcurrencyError) && !(error instanceof DuplicateEventError)) throw error;
        lastConflict = error;
        this.logger.debug(`Attempt ${attempt} to record ${command.commandId} on ${decision.request.stream} lost a race: ${error.message}`);
      }
    }
    throw new CommandConflict(stream, MAX_ATTEMPTS, lastConflict);
  }

  /**
   * Its event ids are taken: a racing retry of the same command recorded it (then answer with that), or the id
   * was used for a command on another stream.
   */
  private async decideAfterDuplicate(command: LedgerCommand, conflict: DuplicateEventError): Promise<Decision> {
    const decision = await this.decide(command).catch(() => null);
    if (decision?.kind === 'recorded') return decision;
    throw new CommandIdReused(command.commandId, `its events are in another stream than ${conflict.stream}`);
  }

  /**
   * A dry run: the same `decide` as recording (validation, invariants, references, citations proven), then the
   * events it would append instead of appending them. Appends nothing and records no command id. A command id
   * already recorded previews what recording would answer: nothing new, and the earlier result.
   */
  async preview(command: LedgerCommand): Promise<DecisionPreview> {
    const decision = await this.decide(command);
    if (decision.kind === 'recorded') return { stream: decision.result.stream, expectedRevision: null, events: [], alreadyRecorded: decision.result };
    const { stream, events } = decision.request;
    return {
      stream,
      expectedRevision: decision.firstRevision === 0n ? null : decision.firstRevision - 1n,
      events: events.map((event) => ({ type: event.type, stream, data: event.data })),
    };
  }

  /**
   * Loads the command's stream (through `read`, by default the store) and decides: what recording it would
   * append, or the result of its earlier recording. Appends nothing. Throws what the command would be refused
   * with (ValidationFailed, InvariantViolated, CommandIdReused).
   */
  async decide(command: LedgerCommand, read: StreamReader = (stream) => this.store.readStream(stream)): Promise<Decision> {
    const { commandId, context } = command;
    assertCommandEnvelope(commandId, context);
    const manifest = this.registry.manifest(command.name);
    // A command put on the bus without the CommandRegistry is validated here; one the registry built is not again.
    const payload =
      wasValidated(command.payload) && command.payload instanceof manifest.payload ? command.payload : validated(manifest.payload, command.payload);
    const stream = manifest.streamOf(payload);
    const citations = (payload as { sources?: object[] }).sources ?? [];
    const sources = citations.map((citation) => toJsonObject(citation) as unknown as CitationJson);

    const stored = await read(stream);
    // A retry of a recorded command returns what it did then, even if other events came after it.
    const previous = stored.filter((event) => event.metadata.commandId === commandId);
    if (previous.length > 0) {
      assertSameRequest(commandId, context.requestSha256, previous);
      return { kind: 'recorded', result: resultOf(commandId, stream, previous, true) };
    }

    const facts = effectiveFacts(stored.map((event) => this.readRecorded(event)));
    const now = this.clock.now();
    const decided = manifest.decider.decide({ type: manifest.name, data: payload }, foldFacts(manifest.decider, facts), now);
    for (const event of decided) {
      if (!manifest.records.includes(event.type)) throw new Error(`Decider for ${manifest.name} decided ${event.type}, which its manifest does not record`);
      // Not the payload's validation again: this checks what the decider made of it against the event's own class.
      const errors = eventDataErrors(event.type, toJsonObject(event.data));
      if (errors.length > 0) throw new Error(`Decider for ${stream} produced invalid ${event.type} data: ${JSON.stringify(errors)}`);
    }
    if (decided.length === 0) throw new Error(`Decider for ${stream} decided no events and raised no error`);
    assertClaimsFit(sources, decided, facts);
    const readFacts = this.factReader(stream, facts, read);
    const cited = await proveCitations(sources, readFacts);
    await assertReferences(referencesOf(decided, facts), readFacts);

    const last = stored[stored.length - 1];
    const firstRevision = last ? last.revision + 1n : 0n;
    const events = envelope({
      stream,
      firstRevision,
      prevHash: headHash(stored),
      commandId,
      correlationId: context.correlationId ?? commandId,
      causationId: context.causationId ?? commandId,
      actor: context.actor,
      issuedAt: now,
      sources: cited,
      requestSha256: context.requestSha256,
      events: decided,
    });
    return {
      kind: 'append',
      commandId,
      requestSha256: context.requestSha256,
      firstRevision,
      request: { stream, events, expectedRevision: last ? last.revision : 'no_stream' },
    };
  }

  /** What an append of a decision recorded; a racing request with the same id that got there first must have been the same request. */
  async resultOfAppend(decision: Extract<Decision, { kind: 'append' }>, appended: AppendResult): Promise<RecordResult> {
    const { stream, events } = decision.request;
    if (appended.idempotent && decision.requestSha256 !== undefined) {
      const racing = await this.store.readStream(stream, { fromRevision: decision.firstRevision });
      assertSameRequest(decision.commandId, decision.requestSha256, racing.filter((event) => event.metadata.commandId === decision.commandId));
    }
    return {
      commandId: decision.commandId,
      stream,
      eventIds: events.map((event) => event.id),
      firstRevision: decision.firstRevision,
      lastRevision: appended.nextExpectedRevision,
      position: appended.position,
      replayed: appended.idempotent,
    };
  }

  /** Parsed and checked once per stored event, then kept (a bounded number); events not yet stored are never kept. */
  private readRecorded(event: StoredEvent): RecordedEvent {
    const known = this.recordedEvents.get(event.id);
    if (known && known.stream === event.stream && known.revision === event.revision) return known;
    const recorded = readRecordedEvent(event);
    if (event.position >= 0n) {
      if (this.recordedEvents.size >= READ_CACHE_SIZE) this.recordedEvents.delete(this.recordedEvents.keys().next().value!);
      this.recordedEvents.set(event.id, recorded);
    }
    return recorded;
  }

  /** Reads other streams' facts for reference checks, once per stream per decision. */
  private factReader(ownStream: string, ownFacts: readonly Fact[], read: StreamReader): (stream: string) => Promise<readonly Fact[]> {
    const cache = new Map<string, Promise<readonly Fact[]>>([[ownStream, Promise.resolve(ownFacts)]]);
    return (stream) => {
      let facts = cache.get(stream);
      if (!facts) {
        facts = read(stream).then((events) => effectiveFacts(events.map((event) => this.readRecorded(event))));
        cache.set(stream, facts);
      }
      return facts;
    };
  }
}

/** What a command would append: each event's type, stream and data, and the revision it would follow. */
export interface DecisionPreview {
  readonly stream: string;
  /** The stream's last revision when decided, or null for a new stream. */
  readonly expectedRevision: bigint | null;
  readonly events: readonly { type: string; stream: string; data: unknown }[];
  /** Set when the command id was recorded already: recording would append nothing and answer this. */
  readonly alreadyRecorded?: RecordResult;
}
