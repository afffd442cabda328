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
