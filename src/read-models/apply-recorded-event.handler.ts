import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { LedgerEventRecorded } from './ledger-event-recorded.event';
import { LiveLedger } from './live-ledger';

@EventsHandler(LedgerEventRecorded)
export class ApplyRecordedEventHandler implements IEventHandler<LedgerEventRecorded> {
  constructor(private readonly live: LiveLedger) {}

  handle({ event }: LedgerEventRecorded): void {
    this.live.apply(event);
  }
}
