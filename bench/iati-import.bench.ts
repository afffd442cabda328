/**
 * npm run bench:iati — importing an IATI activity file of 10,000 transactions (2,500 activities, each one commitment
 * and three disbursements) into a fresh embedded store, against recording the same commands straight through the
 * command path one at a time (CommandRegistry → CommandBus) and through the batched import (`RecordingBatch`, what
 * `ledger import` does: 500 commands per commit), in alternating rounds, medians kept.
 * The difference is what reading the file costs: size and DTD checks, xmllint's schema validation, parsing,
 * mapping, and the pre-flight reads that make a bad file append nothing.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPABILITIES } from '../src/capabilities';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { checkIatiBytes, parseIatiText } from '../src/iati/importing/iati-file';
import { planIatiImport } from '../src/iati/importing/iati-import-plan';
import { IatiImporter } from '../src/iati/importing/iati-importer.service';
import { CommandRegistry } from '../src/recording/command-registry';
import { Recorder } from '../src/recording/recorder';
import { RecordingBatch } from '../src/recording/recording-batch';
import { RecordingModule } from '../src/recording/recording.module';
import { TimeModule } from '../src/time/time.module';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TRANSACTIONS = Number(process.env.BENCH_IATI_TRANSACTIONS ?? 10_000);
const PER_ACTIVITY = 4;

function iatiFile(transactions: number): string {
  const activities: string[] = [];
  for (let a = 0; a < Math.ceil(transactions / PER_ACTIVITY); a++) {
    const tx = (type: string, value: string, day: number) =>
      `<transaction><transaction-type code="${type}"/><transaction-date iso-date="2022-03-${String(day).padStart(2, '0')}"/>` +
      `<value currency="USD" value-date="2022-03-${String(day).padStart(2, '0')}">${value}</value>` +
      `<provider-org ref="GB-GOV-1"/><receiver-org ref="XM-DAC-41114"/></transaction>`;
    activities.push(
      `<iati-activity default-currency="USD" xml:lang="en"><iati-identifier>GB-GOV-1-${100000 + a}</iati-identifier>` +
        `<reporting-org ref="GB-GOV-1" type="10"><narrative>FCDO</narrative></reporting-org>` +
        `<title><narrative>Programme ${a}</narrative></title><description><narrative>Support ${a}</narrative></description>` +
        `<participating-org ref="GB-GOV-1" role="1" type="10"><narrative>FCDO</narrative></participating-org>` +
        `<participating-org ref="XM-DAC-41114" role="4" type="40"><narrative>UNDP</narrative></participating-org>` +
        `<activity-status code="2"/><activity-date iso-date="2022-01-01" type="2"/>` +
        tx('2', `${1_000_000 + a}.00`, 1) +
        [1, 2, 3].map((d) => tx('3', `${1000 * d}.${String(a % 100).padStart(2, '0')}`, d + 1)).join('') +
        `</iati-activity>\n`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n${activities.join('')}</iati-activities>\n`;
}

interface LedgerParts {
  readonly importer: IatiImporter;
  readonly bus: CommandBus;
  readonly registry: CommandRegistry;
  readonly recorder: Recorder;
  readonly store: EventStore;
}

async function withLedger<T>(work: (parts: LedgerParts) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'iati-bench-'));
  const store = SqliteEventStore.open({ file: join(dir, 'ledger.sqlite') });
  @Module({
    imports: [CqrsModule, TimeModule.forRoot(), RecordingModule.forCapabilities(CAPABILITIES, { providers: [{ provide: EVENT_STORE, useValue: store }] })],
    providers: [IatiImporter, { provide: EVENT_STORE, useValue: store }],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  try {
    return await work({ importer: app.get(IatiImporter), bus: app.get(CommandBus), registry: app.get(CommandRegistry), recorder: app.get(Recorder), store });
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const xml = iatiFile(TRANSACTIONS);
  const bytes = Buffer.from(xml, 'utf8');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const plan = planIatiImport(parseIatiText(checkIatiBytes(bytes), sha), { today: '2026-01-01' });
  const commands = [...plan.sources, ...plan.parties, ...plan.facts];
  console.log(`IATI file: ${(bytes.length / 1e6).toFixed(1)} MB, ${plan.facts.length} transactions, ${commands.length} commands (${plan.sources.length} sources)`);

  const iati: number[] = [];
  const direct: number[] = [];
  const batched: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await withLedger(async ({ importer }) => {
      const start = process.hrtime.bigint();
      const report = await importer.importFile(bytes, { actor: 'bench' });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (report.recorded !== commands.length) throw new Error(`recorded ${report.recorded} of ${commands.length}`);
      iati.push(plan.facts.length / seconds);
    });
    await withLedger(async ({ bus, registry }) => {
      const start = process.hrtime.bigint();
      for (const c of commands) await bus.execute(registry.toCommand(c.command, c.commandId, c.payload, 'bench'));
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      direct.push(plan.facts.length / seconds);
    });
    // The command path's batched import (what `ledger import` does): decided one by one, appended 500 per commit.
    await withLedger(async ({ registry, recorder, store }) => {
      let recorded = 0;
      const batch = new RecordingBatch<number>(recorder, store, () => recorded++);
      const start = process.hrtime.bigint();
      for (const [i, c] of commands.entries()) await batch.add(registry.toCommand(c.command, c.commandId, c.payload, 'bench'), i);
      await batch.flush();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (recorded !== commands.length) throw new Error(`batched import recorded ${recorded} of ${commands.length}`);
      batched.push(plan.facts.length / seconds);
    });
    console.log(
      `round ${round}: IATI import ${iati[round - 1]!.toFixed(0)} transactions/s, command path ${direct[round - 1]!.toFixed(0)}/s, batched import ${batched[round - 1]!.toFixed(0)}/s`,
    );
  }
  const [a, b, c] = [median(iati), median(direct), median(batched)];
  console.log(
    `median of ${ROUNDS}: IATI import ${a.toFixed(0)} transactions/s; the same commands one at a time through the CommandBus ${b.toFixed(0)}/s (ratio ${(a / b).toFixed(2)}); through the batched import ${c.toFixed(0)}/s (ratio ${(a / c).toFixed(2)})`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
