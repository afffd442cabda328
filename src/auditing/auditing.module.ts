import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../time/clock';
import { LogTransferService } from './log-transfer.service';
import { SealService } from './seal.service';

/**
 * Verification, seals, export and import of the whole log. Needs EVENT_STORE and LEDGER_CONFIG from the global
 * EventStoreModule and ConfigModule (or the CLI's equivalents).
 */
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, SealService, LogTransferService],
  exports: [SealService, LogTransferService],
})
export class AuditingModule {}
