import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InvalidArgumentError } from 'commander';
import { Command, Option } from 'nest-commander';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { headOf } from '../../event-store/log-reader';
import { LogTransferService } from '../../auditing/log-transfer.service';
import { parseDigest } from '../../auditing/seal';
import { SealRecord, SealService, VerifyReport } from '../../auditing/seal.service';
import { KeyFileError, readPublicKey, readSigningKey } from '../../auditing/seal-keys';
import { KeyObject } from 'node:crypto';
import { LEDGER_CONFIG, LedgerConfig } from '../../config/ledger-config';
import { dayOf } from '../../domain/partial-date';
import { FixtureImporter } from '../../importing-fixtures/fixture-importer';
import { LiveLedger } from '../../read-models/live-ledger';
import { GetStateQuery } from '../../read-models/read-queries';
import { EXIT, UsageError, describeBroken } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs, renderTable } from '../output';
import { ReadSide } from '../read-side';
import * as render from '../render';
import { ProgressBar } from '../progress';
import { ACTOR_HELP, JsonOption, LedgerCliCommand, actorFrom, dayOption } from './base';

interface ProgressOptions extends JsonOption {
  progress?: boolean;
}

type StateAnswer = Parameters<typeof render.stateSummary>[0] & Parameters<typeof render.readPoint>[0];

/** --progress / --no-progress on the commands that read the whole log. */
@Injectable()
abstract class LongCommand<Options extends ProgressOptions> extends LedgerCliCommand<Options> {
  @Option({ flags: '--progress', description: 'draw the progress bar on stderr even when it is not a terminal' })
  parseProgress(): boolean {
    return true;
  }

  @Option({ flags: '--no-progress', description: 'never draw the progress bar (default: drawn when stderr is a terminal)' })
  parseNoProgress(): boolean {
    return false;
  }
}

function typeCounts(counts: ReadonlyMap<string, number>): { type: string; count: number }[] {
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => ({ type, count }));
}

// ───────────────────────────── rebuild / replay ─────────────────────────────

interface RebuildOptions extends ProgressOptions {
  asOf?: string;
  save?: boolean;
}

@Command({
  name: 'rebuild',
  description:
    'replay every event of the log, from the first, through the projections, as the server does on every start; report the counts and the resulting position',
})
export class RebuildCommand extends LongCommand<RebuildOptions> {
  constructor(
    store: CliStore,
    private readonly readSide: ReadSide,
    private readonly live: LiveLedger,
    private readonly queries: QueryBus,
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
    const asOf = options.asOf ?? dayOf(new Date());
    const state = (await this.queries.execute(new GetStateQuery({ asOf }))) as unknown as StateAnswer;
    const report = {
      ok: true,
      events: result.events,
      position: result.position,
      recordedAt: this.live.current.recordedAt,
      streams: this.live.current.entities.size,
      eventTypes: typeCounts(result.types),
      asOf,
      counts: {
        commitments: state.commitments.page.total,
        offices: state.officesPage.total,
        engagements: state.engagementsPage.total,
        programmes: state.programmesPage.total,
      },
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
          [`engagements by ${asOf}`, report.counts.engagements],
          [`programmes by ${asOf}`, report.counts.programmes],
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
    const asOf = options.asOf ?? to.day ?? (lastRecordedAt ? lastRecordedAt.slice(0, 10) : dayOf(new Date()));
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

// ───────────────────────────── import (fixtures) ─────────────────────────────

interface ImportOptions extends ProgressOptions {
  actor?: string;
}

@Command({
  name: 'import',
  arguments: '<dir>',
  argsDescription: { dir: 'a fixtures directory: JSON files of { command, commandId, payload } entries, taken in file-name order' },
  description:
    'record every command of a fixtures directory through the command path, in batches of one commit each (idempotent: recorded commands append nothing); a refused command stops the import, naming its file and index, with every command before it recorded and none after it',
})
export class ImportFixturesCommand extends LongCommand<ImportOptions> {
  protected override readonly createsLedger = true;

  constructor(
    store: CliStore,
    private readonly importer: FixtureImporter,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: ACTOR_HELP })
  parseActor(value: string): string {
    return value;
  }

  protected async execute([dir]: string[], options: ImportOptions) {
    let report;
    let bar: ProgressBar | undefined;
    const onProgress = (done: number, total: number) => {
      bar ??= this.progressBar('import', options.progress, BigInt(total), 0n, 'commands');
      bar.update(BigInt(done), done);
    };
    try {
      report = await this.importer.importDirectory(resolve(dir!), actorFrom(options.actor), { onProgress });
      bar?.finish(BigInt(report.commands), report.commands);
    } catch (error) {
      bar?.abandon();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
        throw new UsageError(`cannot read the fixtures directory ${dir}: ${(error as Error).message}`);
      }
      throw error;
    }
    if (options.json) return this.printJson({ ok: true, ...report });
    this.print(
      renderPairs([
        ['files', report.files],
        ['commands', report.commands],
        ['newly recorded', report.commands - report.replayed],
        ['already recorded', report.replayed],
        ['last position', report.lastPosition ?? 'none'],
      ]),
    );
  }
}

// ───────────────────────────── export / import-log ─────────────────────────────

interface ExportOptions extends ProgressOptions {
  out?: string;
  force?: boolean;
}

@Command({
  name: 'export',
  description:
    'write the whole log as NDJSON: a header line {format, version, exportedAt, eventCount, …}, then one line per stored event {position, stream, revision, id, type, recordedAt, data, metadata} with its chain hash in metadata',
})
export class ExportCommand extends LongCommand<ExportOptions> {
  constructor(
    store: CliStore,
    private readonly transfer: LogTransferService,
  ) {
    super(store);
  }

  @Option({ flags: '--out <file>', description: 'write to this file (fsynced) instead of stdout' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--force', description: 'overwrite --out if it exists' })
  parseForce(): boolean {
    return true;
  }

  protected async execute(_args: string[], options: ExportOptions) {
    if (options.json && !options.out) throw new UsageError('the export itself goes to stdout: use --out <file> with --json');
    const head = (await headOf(this.store));
    const bar = this.progressBar('export', options.progress, head);
    let fd: number | null = null;
    if (options.out) {
      try {
        fd = openSync(options.out, options.force ? 'w' : 'wx', 0o600);
      } catch (error) {
        throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}${options.force ? '' : ' (--force overwrites)'}`);
      }
    }
    let result;
    try {
      const write = fd !== null ? (text: string) => void writeSync(fd!, text) : (text: string) => writeStdout(text);
      result = await this.transfer.export(write, { onProgress: (position, events) => bar.update(position, events) });
      if (fd !== null) fsyncSync(fd);
    } finally {
      if (fd !== null) closeSync(fd);
    }
    bar.finish(result.lastPosition, result.eventCount);
    const summary = { ok: true, out: options.out ?? null, ...result };
    if (options.json) return this.printJson(summary);
    const text = renderPairs([
      ['exported', `${result.eventCount} events`],
      ['last position', result.lastPosition ?? 'none'],
      ['latest seal', result.latestSeal ?? 'none (run `ledger seal` before exporting to carry a digest over)'],
      ['to', options.out ?? 'stdout'],
    ]);
    if (options.out) this.print(text);
    else this.streams.err.write(`${text}\n`);
  }
}

function writeStdout(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

interface ImportLogOptions extends ProgressOptions {
  actor?: string;
  signingKey?: KeyObject;
}

@Command({
  name: 'import-log',
  arguments: '<file>',
  argsDescription: { file: 'an export written by `ledger export`' },
  description:
    'restore an export into an empty store: verify the file (every chain and seal, against its own positions and recorded times), append its events in their original order with their original ids, then seal the restored log (the new seal records the export’s latest seal digest)',
})
export class ImportLogCommand extends LongCommand<ImportLogOptions> {
  protected override readonly createsLedger = true;

  constructor(
    store: CliStore,
    private readonly transfer: LogTransferService,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: `${ACTOR_HELP} (for the seal closing the import)` })
  parseActor(value: string): string {
    return value;
  }

  @Option({ flags: '--signing-key <file>', description: 'sign the seal closing the import with this Ed25519 private key (.key of `ledger keygen`)' })
  parseSigningKey(value: string): KeyObject {
    return keyOption(readSigningKey, value);
  }

  protected async execute([file]: string[], options: ImportLogOptions) {
    const actor = actorFrom(options.actor);
    const bars = new Map<string, ProgressBar>();
    const labels = { verify: 'verify file', append: 'append', seal: 'seal' } as const;
    let last: { bar: ProgressBar; position: bigint; events: number } | null = null;
    const result = await this.transfer.importLog(resolve(file!), {
      actor,
      signingKey: options.signingKey,
      onProgress: (phase, position, events, head) => {
        let bar = bars.get(phase);
        if (!bar) {
          if (last) last.bar.finish(last.position, last.events);
          bar = this.progressBar(labels[phase].padEnd(11), options.progress, head);
          bars.set(phase, bar);
        }
        bar.update(position, events);
        last = { bar, position, events };
      },
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      throw error;
    });
    const final = last as { bar: ProgressBar; position: bigint; events: number } | null;
    if (final) final.bar.finish(final.position, final.events);
    if (options.json) return this.printJson({ ok: true, ...result });
    this.print(
      renderPairs([
        ['imported', `${result.eventCount} events of ${result.streams} streams in ${result.appends} appends`],
        ['exported at', result.header.exportedAt],
        ['original latest seal', result.originalDigest ?? 'none'],
        ['new seal', `${result.seal.stream}@${result.seal.revision}, position ${result.seal.position}`],
        ['digest', result.seal.digest],
      ]),
    );
  }
}

// ───────────────────────────── verify / seal / digest ─────────────────────────────

interface VerifyOptions extends ProgressOptions {
  digest?: string;
  publicKey?: KeyObject;
  signedFrom?: bigint;
}

/**
 * The report says only what was checked: after a break, no "OK", no digest verdict and no seal counted beyond it,
 * and it says what was left unchecked.
 */
export function verifyLines(report: VerifyReport): string {
  const s = report.summary;
  const imported = s.seals.filter((x) => x.status === 'imported').length;
  const signed = s.seals.filter((x) => x.signedBy !== null).length;
  const sealCounts = `${s.seals.length} recomputed${imported ? ` (${imported} made in the store the log was imported from, recomputed from the events’ original positions and times)` : ''}${signed ? `, ${signed} signed` : ''}`;
  const broken = report.broken;
  const pairs: [string, unknown][] = [
    ['result', broken ? 'BROKEN' : 'OK: every chain and seal recomputes'],
    ['store', report.store],
    ['events checked', broken ? `${s.events}, up to the first break` : s.events],
    ['streams', s.streams],
    ['positions', s.firstPosition === null ? 'none' : `${s.firstPosition}–${s.lastPosition}`],
    [broken ? 'seals before it' : 'seals', sealCounts],
  ];
  if (s.importedEvents > 0) pairs.push(['imported', `the first ${s.importedEvents} events were restored by import-log`]);
  if (!broken) {
    pairs.push(['latest seal', s.latestSeal ? s.latestSeal.digest : 'none']);
    pairs.push(['after it', `${s.unsealedEvents} events after the sealed position (seals included), covered by their chains only`]);
  }
  if (report.file) pairs.push(['file checks', `${report.file.rows} rows, positions issued up to ${report.file.highWaterMark ?? 'none'}`]);
  if (report.digest) {
    const label = { found: 'OK', 'not-found': 'NOT FOUND', 'not-checked': 'NOT CHECKED' }[report.digest.outcome];
    pairs.push(['digest', `${label}: ${report.digest.message}`]);
  }
  pairs.push(['took', `${report.elapsedMs} ms`]);
  const lines = [renderPairs(pairs)];
  if (broken) {
    const b = broken;
    const head = report.headPosition;
    lines.push(
      '',
      'First broken event',
      renderPairs([
        ['stream', b.stream ?? '—'],
        ['revision', b.revision ?? '—'],
        ['id', b.id ?? '—'],
        ['position', b.position ?? '—'],
        ['reason', b.reason],
        ['detail', b.message],
      ]),
      '',
      `Not checked: everything after the first break${head !== null ? `, up to position ${head}` : ''} (chains, seals and any digest); fix or explain the break, then verify again.`,
    );
  }
  return lines.join('\n');
}

function keyOption(read: (file: string) => KeyObject, value: string): KeyObject {
  try {
    return read(value);
  } catch (error) {
    if (error instanceof KeyFileError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

@Command({
  name: 'verify',
  description:
    'recompute every stream’s hash chain and every seal (and, on the embedded store, check no issued position is missing); exit 3 naming the first broken event (stream, revision, id, position, reason) on any tampering',
})
export class VerifyCommand extends LongCommand<VerifyOptions> {
  constructor(
    store: CliStore,
    private readonly seals: SealService,
  ) {
    super(store);
  }

  @Option({
    flags: '--digest <digest>',
    description: 'a digest kept outside the ledger (from `ledger digest`): also prove the log still contains that seal unchanged and extends it',
  })
  parseDigest(value: string): string {
    if (!parseDigest(value)) {
      throw new InvalidArgumentError('expected <sealedPosition>:<eventCount>:<64 hex digits>[:ed25519-<32 hex digits>], as `ledger digest` prints it.');
    }
    return value;
  }

  @Option({
    flags: '--public-key <file>',
    description: 'the Ed25519 public key (.pub of `ledger keygen`) the auditor keeps: every seal must carry a valid signature by it',
  })
  parsePublicKey(value: string): KeyObject {
    return keyOption(readPublicKey, value);
  }

  @Option({ flags: '--signed-from <position>', description: 'with --public-key: only seals at or after this position must be signed (earlier ones predate the key)' })
  parseSignedFrom(value: string): bigint {
    if (!/^\d{1,20}$/.test(value)) throw new InvalidArgumentError('expected a position (a whole number).');
    return BigInt(value);
  }

  protected async execute(_args: string[], options: VerifyOptions) {
    if (options.signedFrom !== undefined && !options.publicKey) throw new UsageError("option '--signed-from <position>' needs --public-key <file>: whose signature to require");
    const head = (await headOf(this.store));
    const bar = this.progressBar('verify', options.progress, head);
    const report = await this.seals.verify({
      digest: options.digest,
      publicKey: options.publicKey,
      signedFrom: options.signedFrom,
      onProgress: (position, events) => bar.update(position, events),
    });
    bar.finish(report.summary.lastPosition, report.summary.events);
    if (options.json) this.printJson(report);
    else this.print(verifyLines(report));
    if (!report.ok && report.broken) {
      this.streams.err.write(`ledger verify: FAILED at ${describeBroken(report.broken)}\n`);
      return EXIT.verifyFailed;
    }
    return EXIT.ok;
  }
}

function sealLines(seal: SealRecord): string {
  return renderPairs([
    ['seal', `${seal.stream}@${seal.revision}, position ${seal.position}, recorded ${seal.recordedAt.toISOString()}${seal.actor ? ` by ${seal.actor}` : ''}`],
    ['sealed position', seal.data.sealedPosition],
    ['events', seal.data.eventCount],
    ['streams', seal.data.streamCount],
    ['Merkle root', seal.data.merkleRoot],
    ['log hash', seal.data.logHash],
    ['previous seal', seal.data.previousSeal ?? 'none'],
    ...(seal.data.signer ? ([['signed by', seal.data.signer.fingerprint]] as [string, unknown][]) : []),
    ...(seal.data.importedFrom ? ([['imported from', `${seal.data.importedFrom.eventCount} events exported at ${seal.data.importedFrom.exportedAt ?? 'an unknown time'}, latest seal ${seal.data.importedFrom.digest ?? 'none'}`]] as [string, unknown][]) : []),
  ]);
}

interface SealOptions extends ProgressOptions {
  actor?: string;
  signingKey?: KeyObject;
}

@Command({
  name: 'seal',
  description:
    'verify the log, then append a seal to seal-ledger: a Merkle root over all stream heads, the event count and a hash over every event’s position, id and recorded time; prints the digest to keep',
})
export class SealCommand extends LongCommand<SealOptions> {
  constructor(
    store: CliStore,
    private readonly seals: SealService,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: ACTOR_HELP })
  parseActor(value: string): string {
    return value;
  }

  @Option({
    flags: '--signing-key <file>',
    description: 'sign the seal with this Ed25519 private key (.key of `ledger keygen`); the digest then names the key’s fingerprint. Keep the key off the server and bring it only to seal',
  })
  parseSigningKey(value: string): KeyObject {
    return keyOption(readSigningKey, value);
  }

  protected async execute(_args: string[], options: SealOptions) {
    const actor = actorFrom(options.actor);
    const head = (await headOf(this.store));
    const bar = this.progressBar('verify', options.progress, head);
    const seal = await this.seals.seal({ actor, signingKey: options.signingKey, onProgress: (position, events) => bar.update(position, events) });
    bar.finish(head, seal.data.eventCount);
    if (options.json) return this.printJson({ ok: true, ...seal });
    this.print(`${seal.digest}\n\n${sealLines(seal)}`);
  }
}

@Command({
  name: 'digest',
  description:
    'print the latest seal’s digest, <sealedPosition>:<eventCount>:<seal hash>, for an auditor to keep outside the ledger; `ledger verify --digest <digest>` later proves the log still extends it',
})
export class DigestCommand extends LedgerCliCommand<JsonOption> {
  constructor(
    store: CliStore,
    private readonly seals: SealService,
  ) {
    super(store);
  }

  protected async execute(_args: string[], options: JsonOption) {
    const seal = await this.seals.latestSeal();
    if (!seal) {
      if (options.json) this.printJson({ ok: false, digest: null, error: 'the ledger has no seal yet' });
      this.streams.err.write('ledger digest: the ledger has no seal yet: run `ledger seal` first\n');
      return EXIT.error;
    }
    if (options.json) return this.printJson({ ok: true, ...seal });
    this.print(`${seal.digest}\n\n${sealLines(seal)}\n\n(as stored: run \`ledger verify\` to check it)`);
  }
}

export const LEDGER_COMMANDS = [
  RebuildCommand,
  ReplayCommand,
  ImportFixturesCommand,
  ExportCommand,
  ImportLogCommand,
  VerifyCommand,
  SealCommand,
  DigestCommand,
];
