import { createHash } from 'node:crypto';
import { canonicalJson } from '../events/canonical-json';

/**
 * SHA-256 (hex) of canonical JSON of `{command, payload}`: the same for the same request whatever its key order or
 * whitespace, so a retry with the same Idempotency-Key can be told from a different request under a reused key.
 * The payload is JSON the body parser produced (finite numbers only), so canonical JSON accepts it.
 */
export function requestSha256(command: string, payload: unknown): string {
  return createHash('sha256').update(canonicalJson({ command, payload }), 'utf8').digest('hex');
}
