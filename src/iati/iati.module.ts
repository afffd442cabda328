import { DynamicModule, Module, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetIatiActivitiesHandler } from './exporting/iati-export.query';
import { IatiController } from './iati.controller';
import { IatiImporter } from './importing/iati-importer.service';
import { IATI_REPORTING_ORG, reportingOrgFrom } from './reporting-org';

/**
 * IATI export (a query on the read side) and import (commands on the write side). `readSide` is the module that
 * provides the LiveLedger: the server's ReadModelsModule, or the CLI's own; `http` adds the routes.
 */
@Module({})
export class IatiModule {
  static register(options: { readSide: Type<unknown>; http: boolean }): DynamicModule {
    return {
      module: IatiModule,
      imports: [CqrsModule, options.readSide],
      controllers: options.http ? [IatiController] : [],
      providers: [
        { provide: IATI_REPORTING_ORG, useFactory: () => reportingOrgFrom() },
        GetIatiActivitiesHandler,
        IatiImporter,
      ],
      exports: [IatiImporter],
    };
  }
}
