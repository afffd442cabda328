import { streamName } from '../domain/stream-name';
import { SOURCE_REGISTERED } from '../events/source-registered.event';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { RegisterSourcePayload } from './register-source.command';
import { sourceDecider } from './register-source.decider';

export const REGISTERING_SOURCES = defineCapability('registering-sources', [
  defineCommand({
    name: 'register-source',
    description: 'record a source document (id, title, publisher, published date, language, URL, content hash)',
    label: { en: 'Register a source document', ar: 'تسجيل وثيقة مصدر' },
    payload: RegisterSourcePayload,
    streamOf: (payload) => streamName('source', payload.sourceId),
    decider: sourceDecider,
    records: [SOURCE_REGISTERED],
  }),
]);
