export interface FieldError {
  /** Dotted path into the payload, array indexes included: `commitment.schedule.0.amount.amount`. */
  readonly field: string;
  /** Stable rule name, e.g. `isPositiveDecimal`, `isSlug`, `unknownField`. */
  readonly rule: string;
  readonly message: string;
}

/** Bad input: the command (or an event read back) does not have the required shape. Nothing is appended. */
export class ValidationFailed extends Error {
  override readonly name = 'ValidationFailed';
  constructor(readonly errors: readonly FieldError[]) {
    super(`Validation failed: ${errors.map((e) => `${e.field || '(root)'}: ${e.message}`).join('; ')}`);
  }
}

/** Well-formed input that breaks a business rule given what the ledger already holds. Nothing is appended. */
export class InvariantViolated extends Error {
  override readonly name = 'InvariantViolated';
  constructor(
    /** Stable rule id, e.g. `office.cannot-open-twice`. */
    readonly rule: string,
    message: string,
    /** The payload field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }
}
