import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FixtureImporter } from './fixture-importer';

/** The fixture importer, over the write side the root provides (the global RecordingModule). */
@Module({
  imports: [CqrsModule],
  providers: [FixtureImporter],
  exports: [FixtureImporter],
})
export class ImportingFixturesModule {}
