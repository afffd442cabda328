import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RecordingModule } from '../recording/recording.module';
import { FixtureImporter } from './fixture-importer';

@Module({
  imports: [CqrsModule, RecordingModule],
  providers: [FixtureImporter],
  exports: [FixtureImporter],
})
export class ImportingFixturesModule {}
