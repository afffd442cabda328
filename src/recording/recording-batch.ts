import { ConcurrencyError, DuplicateEventError, PrerequisiteNotAppended } from '../event-store/event-store.errors';
import { AppendRequest, EventStore, StoredEvent } from '../event-store/event-store.port';
import { LedgerCommand, RecordResult } from './ledger-command';
import { Decision, MAX_ATTEMPTS, Recorder, StreamReader } from './recorder';
import { CommandIdReused } from './recording.errors';

/** Commands per commit when a batch does not say. */
export const DEFAULT_BATCH_SIZE = 500;

/** A command of a batch was refused: `cause` is what it alone would have got. Everything added before it is recorded. */
export class BatchCommandRefused<Tag> extends Error {
  override readonly name = 'BatchCommandRefused';
  constructor(
    readonly tag: Tag,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

interface Pending<Tag> {
  readonly command: LedgerCommand;
  readonly tag: Tag;
  readonly decision: Extract<Decision, { kind: 'append' }>;
  readonly attempts: number;
  readonly lastRefusal?: Error;
}

/**
 * Records a sequence of commands in order, a bounded number per commit, with the per-command semantics of the
 * CommandBus path: each is validated and decided by the same recorder (invariants, references, idempotency, hash
 * chain), on its stream as the commands before it in the batch left it. A batch goes to the store as one
 * `appendMany` in which each request needs the one before it, so a refused command leaves everything before it
 * recorded and nothing after it. A command another writer raced is decided again on what that writer stored.
 */
export class RecordingBatch<Tag> {
  private pending: Pending<Tag>[] = [];
  /** Events decided in this batch but not yet appended, by stream: the rest of the batch decides on them. */
  private readonly unappended = new Map<string, StoredEvent[]>();

  constructor(
    private readonly recorder: Recorder,
    private readonly store: EventStore,
    private readonly onRecorded: (result: RecordResult, tag: Tag) => void,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  /** Decides the command after those already added; throws BatchCommandRefused (after recording those) if refused. */
  async add(command: LedgerCommand, tag: Tag, attempts = 1, lastRefusal?: Error): Promise<void> {
    let decision: Decision;
    try {
      decision = await this.recorder.decide(command, this.reader);
    } catch (error) {
      await this.flush();
      throw new BatchCommandRefused(tag, error);
    }
    if (decision.kind === 'recorded') {
      // Recorded by a command earlier in this batch under the same id: answer once that one is stored.
      if (decision.result.position < 0n) {
        await this.flush();
        return this.add(command, tag, attempts);
      }
      this.onRecorded(decision.result, tag);
      return;
    }
    if (lastRefusal instanceof DuplicateEventError) {
      // Its event ids are stored, and not as this command's recording: the id was used for another stream.
      await this.flush();
      throw new BatchCommandRefused(tag, new CommandIdReused(command.commandId, `its events are in another stream than ${lastRefusal.stream}`));
    }
    this.pending.push({ command, tag, decision, attempts });
    const { stream, events } = decision.request;
    const unappended = this.unappended.get(stream) ?? [];
    events.forEach((event, i) =>
      unappended.push({ ...event, stream, revision: decision.firstRevision + BigInt(i), position: -1n, recordedAt: new Date(0) }),
    );
    this.unappended.set(stream, unappended);
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  /** Appends what was added and not yet appended, in one commit. */
  async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.unappended.clear();
    const requests: AppendRequest[] = batch.map((item, i) => ({ ...item.decision.request, ...(i > 0 ? { after: [i - 1] } : {}) }));
    const outcomes = await this.store.appendMany(requests);
    let raced = -1;
    let refusal: Error | undefined;
    for (const [i, outcome] of outcomes.entries()) {
      const item = batch[i]!;
      if (outcome.ok) {
        this.onRecorded(await this.recorder.resultOfAppend(item.decision, outcome.result), item.tag);
        continue;
      }
      if (outcome.error instanceof PrerequisiteNotAppended) break;
      const retry = (outcome.error instanceof ConcurrencyError || outcome.error instanceof DuplicateEventError) && item.attempts < MAX_ATTEMPTS;
      if (!retry) throw new BatchCommandRefused(item.tag, outcome.error);
      raced = i;
      refusal = outcome.error;
      break;
    }
    if (raced < 0) return;
    // Another writer got to a stream first: decide the rest again, on what it stored.
    for (const [i, item] of batch.slice(raced).entries()) {
      await this.add(item.command, item.tag, i === 0 ? item.attempts + 1 : item.attempts, i === 0 ? refusal : undefined);
    }
    await this.flush();
  }

  private readonly reader: StreamReader = async (stream) => {
    const stored = await this.store.readStream(stream);
    const unappended = this.unappended.get(stream);
    return unappended ? [...stored, ...unappended] : stored;
  };
}
