import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { FieldError, InvariantViolated, ValidationFailed } from '../../domain/errors';
import { dayOf } from '../../domain/partial-date';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { CommandRegistry } from '../../recording/command-registry';
import { LedgerCommand, RecordResult } from '../../recording/ledger-command';
import { CLOCK, Clock } from '../../time/clock';
import { XmlProblem, validateIatiActivities } from '../iati-schema';
import { checkIatiBytes, parseIatiText } from './iati-file';
import { PlannedCommand, Unmapped, planIatiImport } from './iati-import-plan';

export interface IatiImportReport {
  readonly sha256: string;
  /** The sources registered for the file: one per activity that yields facts, holding the activity's XML. */
  readonly sources: readonly string[];
  /** Commands recorded by this import (source, parties, commitments, pledges, disbursements). */
  readonly recorded: number;
  /** Commands an earlier import of the same file had recorded: nothing appended for them. */
  readonly replayed: number;
  readonly commitments: number;
  readonly pledges: number;
  readonly disbursements: number;
  /** Parties the ledger already held, so not registered again. */
  readonly partiesKnown: number;
  readonly unmapped: readonly Unmapped[];
  readonly lastPosition: bigint | null;
}

function located(command: PlannedCommand, field: string): string {
  return `${command.line === null ? '' : `line ${command.line}: `}${command.element} → ${command.command}.${field}`;
}

/** xmllint's complaints as field errors: where (line, element) and which rule (well-formedness or the schema). */
export function schemaErrors(problems: readonly XmlProblem[]): FieldError[] {
  return problems.map((problem) => ({
    field: problem.line === null ? 'file' : `line ${problem.line}${problem.element ? `: ${problem.element}` : ''}`,
    rule: /parser error/i.test(problem.message) ? 'wellFormedXml' : 'iati-activities-schema.xsd',
    message: problem.message,
  }));
}

function streamOf(command: PlannedCommand): string | null {
  const payload = command.payload;
  if (command.command === 'sign-agreement') return `agreement-${payload.agreementId as string}`;
  if (command.command === 'make-pledge' || command.command === 'renew-pledge') return `pledge-${payload.pledgeId as string}`;
  if (command.command === 'register-party') return `party-${payload.partyId as string}`;
  if (command.command === 'register-source') return `source-${payload.sourceId as string}`;
  return null;
}

/**
 * Imports an IATI activity file as the ledger's own commands through the CommandRegistry and the CommandBus,
 * each citing the file, registered as a source. Every check that can refuse the file runs before the first
 * command is recorded; the command ids come from the file's hash and each element's path, so importing the
 * same file again appends nothing.
 */
@Injectable()
export class IatiImporter {
  private readonly logger = new Logger('IatiImporter');

  constructor(
    private readonly registry: CommandRegistry,
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async importFile(bytes: Buffer, options: { actor: string; fileName?: string }): Promise<IatiImportReport> {
    const text = checkIatiBytes(bytes);
    const problems = await validateIatiActivities(bytes);
    if (problems.length > 0) throw new ValidationFailed(schemaErrors(problems));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const plan = planIatiImport(parseIatiText(text, sha256), { today: dayOf(this.clock.now()), fileName: options.fileName });

    const all = [...plan.sources, ...plan.parties, ...plan.facts];
    // Every command validated (once: what is built here is what is recorded) before the first is recorded, so a
    // file with a bad value appends nothing; the errors of every command are reported together.
    const built = new Map<PlannedCommand, LedgerCommand>();
    const payloadErrors: FieldError[] = [];
    for (const planned of all) {
      try {
        built.set(planned, this.registry.toCommand(planned.command, planned.commandId, planned.payload, options.actor));
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        payloadErrors.push(...error.errors.map((e) => ({ ...e, field: located(planned, e.field) })));
      }
    }
    if (payloadErrors.length > 0) throw new ValidationFailed(payloadErrors);

    // A party the ledger already holds is used as it is; an agreement or pledge recorded by other means is a clash.
    const toRecord: PlannedCommand[] = [];
    let partiesKnown = 0;
    for (const command of all) {
      const stream = streamOf(command);
      const events = stream ? await this.store.readStream(stream) : [];
      if (events.length === 0 || events.some((event) => event.metadata.commandId === command.commandId)) {
        toRecord.push(command);
      } else if (command.command === 'register-party') {
        partiesKnown++;
      } else {
        throw new InvariantViolated(
          'iati.entity-already-recorded',
          `${located(command, '')}: ${stream} already holds facts not recorded from this file`,
          command.element,
        );
      }
    }

    let recorded = 0;
    let replayed = 0;
    let lastPosition: bigint | null = null;
    for (const planned of toRecord) {
      const result: RecordResult = await this.commands.execute(built.get(planned)!);
      if (result.replayed) replayed++;
      else recorded++;
      if (lastPosition === null || result.position > lastPosition) lastPosition = result.position;
    }
    const count = (name: string) => plan.facts.filter((c) => c.command === name).length;
    this.logger.log(`IATI file ${sha256.slice(0, 12)}: ${recorded} commands recorded, ${replayed} already recorded, ${plan.unmapped.length} unmapped`);
    return {
      sha256,
      sources: plan.sources.map((source) => source.payload.sourceId as string),
      recorded,
      replayed,
      commitments: count('sign-agreement'),
      pledges: count('make-pledge') + count('renew-pledge'),
      disbursements: count('record-disbursement'),
      partiesKnown,
      unmapped: plan.unmapped,
      lastPosition,
    };
  }
}
