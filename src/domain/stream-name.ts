import { isSlug } from './slug';

/** One stream per entity, named `<kind>-<id>`; corrections and disbursements join their fact's stream. */
export const STREAM_KINDS = ['source', 'party', 'agreement', 'pledge', 'office', 'engagement', 'programme'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export function streamName(kind: StreamKind, id: string): string {
  return `${kind}-${id}`;
}

export function parseStreamName(name: string): { kind: StreamKind; id: string } | undefined {
  if (typeof name !== 'string') return undefined;
  for (const kind of STREAM_KINDS) {
    const prefix = `${kind}-`;
    if (name.startsWith(prefix) && isSlug(name.slice(prefix.length))) return { kind, id: name.slice(prefix.length) };
  }
  return undefined;
}

export function isStreamName(value: unknown, kinds: readonly StreamKind[] = STREAM_KINDS): value is string {
  if (typeof value !== 'string') return false;
  const parsed = parseStreamName(value);
  return parsed !== undefined && kinds.includes(parsed.kind);
}
