import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { LiveLedger } from '../../read-models/live-ledger';
import { ReadPoint } from '../../read-models/read-queries';
import { IATI_REPORTING_ORG } from '../reporting-org';
import { ReportingOrg, iatiActivitiesXml } from './iati-activities';

export interface IatiExport {
  readonly asOf: string;
  readonly position: bigint | null;
  readonly xml: string;
}

/** The ledger as IATI 2.03 activities, as of valid date D and as known at recorded time T. */
export class GetIatiActivitiesQuery extends Query<IatiExport> {
  constructor(readonly at: ReadPoint) {
    super();
  }
}

@QueryHandler(GetIatiActivitiesQuery)
export class GetIatiActivitiesHandler implements IQueryHandler<GetIatiActivitiesQuery> {
  constructor(
    private readonly live: LiveLedger,
    @Inject(IATI_REPORTING_ORG) private readonly reportingOrg: ReportingOrg,
  ) {}

  async execute({ at }: GetIatiActivitiesQuery): Promise<IatiExport> {
    const { state, position } = await this.live.knownAt(at.knownAt);
    // generated-datetime is when the ledger last learned something it reflects, so the same question gives the same file.
    const xml = iatiActivitiesXml(state, { asOf: at.asOf, reportingOrg: this.reportingOrg, generatedAt: state.recordedAt });
    return { asOf: at.asOf, position, xml };
  }
}
