import { Module } from '@nestjs/common';
import { LogTransferService } from './log-transfer.service';
import { SealService } from './seal.service';

/**
 * Verification, seals, export and import of the whole log. Needs EVENT_STORE, LEDGER_CONFIG and CLOCK from the
 * global EventStoreModule, ConfigModule and TimeModule (or the CLI's equivalents).
 */
@Module({
  providers: [SealService, LogTransferService],
  exports: [SealService, LogTransferService],
})
export class AuditingModule {}
