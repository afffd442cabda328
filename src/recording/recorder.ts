import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClassConstructor } from 'class-transformer';
import { validated } from '../domain/validation';
import { ConcurrencyError, DuplicateEventError } from '../event-store/event-store.errors';
import { EVENT_STORE, EventStore, StoredEvent } from '../event-store/event-store.port';
import { toJsonObject } from '../events/canonical-json';
import { CitationJson, envelope, headHash } from '../events/envelope';
import { eventDataErrors, readRecordedEvent } from '../events/event-catalogue';
import { Fact, effectiveFacts } from '../events/facts';
import { CLOCK, Clock } from '../time/clock';
import { Decider, foldFacts } from './decider';
import { LedgerCommand, RecordResult, assertCommandEnvelope } from './ledger-command';
import { proveCitations } from '../registering-sources/citations';
import { assertReferences, referencesOf } from './references';
import { CommandConflict, CommandIdReused } from './recording.errors';

/** How one command kind is recorded: its payload class, its stream, and the decider that rules on it. */
export interface Recording<Payload extends object, DeciderCommand, State> {
  readonly payload: ClassConstructor<Payload>;
  streamOf(payload: Payload): string;
  readonly decider: Decider<DeciderCommand, State>;
  toDecide(payload: Payload): DeciderCommand;
}

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

/**
 * The write path shared by every handler: load the stream → decide → envelope → append with the expected
 * revision; on a concurrency conflict reload and decide again, a bounded number of times.
 */
@Injectable()
export class Recorder {
  private readonly logger = new Logger(Recorder.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record<Payload extends object, DeciderCommand, State>(
    recording: Recording<Payload, DeciderCommand, State>,
    command: LedgerCommand<Payload>,
  ): Promise<RecordResult> {
    const { commandId, context } = command;
    assertCommandEnvelope(commandId, context);
    // Commands may reach the bus without going through the CommandRegistry, so the payload is checked here too.
    const payload = validated(recording.payload, command.payload);
    const stream = recording.streamOf(payload);
    const citations = (payload as { sources?: object[] }).sources ?? [];
    const sources = citations.map((citation) => toJsonObject(citation) as unknown as CitationJson);

    let lastConflict: unknown;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.store.readStream(stream);
      // A retry of a recorded command returns what it did then, even if other events came after it.
      const previous = stored.filter((event) => event.metadata.commandId === commandId);
      if (previous.length > 0) {
        assertSameRequest(commandId, context.requestSha256, previous);
        return resultOf(commandId, stream, previous, true);
      }
      // Its event ids are taken, but not in this stream: the id was used for a command on another stream.
      if (lastConflict instanceof DuplicateEventError) throw new CommandIdReused(commandId, `its events are in another stream than ${stream}`);

      const facts = effectiveFacts(stored.map(readRecordedEvent));
      const now = this.clock.now();
      const decided = recording.decider.decide(recording.toDecide(payload), foldFacts(recording.decider, facts), now);
      for (const event of decided) {
        const errors = eventDataErrors(event.type, toJsonObject(event.data));
        if (errors.length > 0) throw new Error(`Decider produced invalid ${event.type} data: ${JSON.stringify(errors)}`);
      }
      if (decided.length === 0) throw new Error(`Decider for ${stream} decided no events and raised no error`);
      const readFacts = this.factReader(stream, facts);
      const cited = await proveCitations(sources, readFacts);
      await assertReferences(referencesOf(decided, facts), readFacts);

      const last = stored[stored.length - 1];
      const toAppend = envelope({
        stream,
        firstRevision: last ? last.revision + 1n : 0n,
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
      try {
        const appended = await this.store.append(stream, toAppend, last ? last.revision : 'no_stream');
        if (appended.idempotent && context.requestSha256 !== undefined) {
          // A racing request with the same id got there first: it must have been the same request.
          const racing = await this.store.readStream(stream, { fromRevision: last ? last.revision + 1n : 0n });
          assertSameRequest(commandId, context.requestSha256, racing.filter((event) => event.metadata.commandId === commandId));
        }
        return {
          commandId,
          stream,
          eventIds: toAppend.map((event) => event.id),
          firstRevision: last ? last.revision + 1n : 0n,
          lastRevision: appended.nextExpectedRevision,
          position: appended.position,
          replayed: appended.idempotent,
        };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) && !(error instanceof DuplicateEventError)) throw error;
        lastConflict = error;
        this.logger.debug(`Attempt ${attempt} to record ${commandId} on ${stream} lost a race: ${error.message}`);
      }
    }
    throw new CommandConflict(stream, MAX_ATTEMPTS, lastConflict);
  }

  /** Reads other streams' facts for reference checks, once per stream per attempt. */
  private factReader(ownStream: string, ownFacts: readonly Fact[]): (stream: string) => Promise<readonly Fact[]> {
    const cache = new Map<string, Promise<readonly Fact[]>>([[ownStream, Promise.resolve(ownFacts)]]);
    return (stream) => {
      let facts = cache.get(stream);
      if (!facts) {
        facts = this.store.readStream(stream).then((events) => effectiveFacts(events.map(readRecordedEvent)));
        cache.set(stream, facts);
      }
      return facts;
    };
  }
}
