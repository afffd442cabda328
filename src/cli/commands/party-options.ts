import { FieldError, ValidationFailed } from '../../domain/errors';

export interface PartyOptions {
  readonly donor?: string;
  readonly recipient?: string;
}

/**
 * --donor and --recipient must name registered parties: a mistyped id would otherwise answer "no commitments",
 * which reads as a finding about the partnership rather than as the typo it is.
 */
export function partyOptionErrors(options: PartyOptions, isRegistered: (partyId: string) => boolean): FieldError[] {
  return (['donor', 'recipient'] as const).flatMap((name): FieldError[] => {
    const id = options[name];
    if (id === undefined || isRegistered(id)) return [];
    return [{ field: `--${name}`, rule: 'isRegisteredParty', message: `--${name} must name a registered party; no party "${id}" is registered in this ledger` }];
  });
}

/** The API's rule failures on its query fields (donor, recipient), named as the options that carry them. */
export function asOptionErrors(error: unknown): unknown {
  if (!(error instanceof ValidationFailed)) return error;
  return new ValidationFailed(error.errors.map((e) => ({ ...e, field: `--${e.field}` })));
}
