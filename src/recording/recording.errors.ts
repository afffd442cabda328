/** The stream kept moving under the command: it was reloaded and decided again, and still lost the race. */
export class CommandConflict extends Error {
  override readonly name = 'CommandConflict';
  constructor(
    readonly stream: string,
    readonly attempts: number,
    override readonly cause?: unknown,
  ) {
    super(`Stream "${stream}" changed during each of ${attempts} attempts to record the command; try again`);
  }
}

/**
 * A command id (the HTTP API's Idempotency-Key) already recorded a different request: a retry must repeat the
 * original request exactly. Nothing is appended.
 */
export class CommandIdReused extends Error {
  override readonly name = 'CommandIdReused';
  constructor(
    readonly commandId: string,
    detail: string,
  ) {
    super(`Command id ${commandId} was already used for a different request (${detail})`);
  }
}
