import { InvariantViolated } from '../domain/errors';
import { MoneyValue, fromMinorUnits, toMinorUnits } from '../domain/money';
import { assertNotInFuture } from '../domain/time-rules';
import { AGREEMENT_SIGNED } from '../events/agreement-signed.event';
import { CONTRIBUTION_DISBURSED } from '../events/contribution-disbursed.event';
import { PLEDGE_MADE, PLEDGE_RENEWED } from '../events/pledge.events';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { RecordDisbursementPayload } from './record-disbursement.command';

export type CommitmentState =
  | { readonly status: 'none' }
  /** An agreement with no money in it (host-country, MoU …). */
  | { readonly status: 'not-financial' }
  | {
      readonly status: 'committed';
      readonly total: MoneyValue;
      /** Paid so far, in minor units of the total's currency. */
      readonly paid: bigint;
      readonly disbursementIds: readonly string[];
      /** Disbursements that, as currently believed, overrun the total or its currency without an override. */
      readonly breaches: readonly string[];
    };

export type CommitmentCommand = { readonly type: 'record-disbursement'; readonly data: RecordDisbursementPayload };

export const commitmentDecider: Decider<CommitmentCommand, CommitmentState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, fact) {
    if (fact.retracted) return state;
    switch (fact.type) {
      case AGREEMENT_SIGNED:
        return fact.data.commitment
          ? { status: 'committed', total: fact.data.commitment.total, paid: 0n, disbursementIds: [], breaches: [] }
          : { status: 'not-financial' };
      case PLEDGE_MADE:
      case PLEDGE_RENEWED:
        return { status: 'committed', total: fact.data.total, paid: 0n, disbursementIds: [], breaches: [] };
      case CONTRIBUTION_DISBURSED: {
        if (state.status !== 'committed') return state;
        const { amount, override, disbursementId } = fact.data;
        const sameCurrency = amount.currency === state.total.currency;
        const paid = sameCurrency ? state.paid + toMinorUnits(amount) : state.paid;
        const breach = !override && (!sameCurrency || paid > toMinorUnits(state.total));
        return {
          ...state,
          paid,
          disbursementIds: [...state.disbursementIds, disbursementId],
          breaches: breach ? [...state.breaches, disbursementId] : state.breaches,
        };
      }
      default:
        return state;
    }
  },

  decide(command, state, now) {
    const { data } = command;
    switch (state.status) {
      case 'none':
      case 'not-financial':
        throw new InvariantViolated(
          'disbursement.commitment-must-exist',
          state.status === 'none'
            ? `${data.commitment} holds no pledge or financial agreement to pay against`
            : `${data.commitment} is an agreement without a financial commitment`,
          'commitment',
        );
      case 'committed': {
        if (state.disbursementIds.includes(data.disbursementId)) {
          throw new InvariantViolated(
            'disbursement.cannot-record-twice',
            `disbursement ${data.disbursementId} is already recorded against ${data.commitment}`,
            'disbursementId',
          );
        }
        if (data.amount.currency !== state.total.currency) {
          throw new InvariantViolated(
            'disbursement.currency-must-match-commitment',
            `the commitment is in ${state.total.currency}, the disbursement in ${data.amount.currency}`,
            'amount.currency',
          );
        }
        const paid = state.paid + toMinorUnits(data.amount);
        if (paid > toMinorUnits(state.total) && !data.override) {
          const already = fromMinorUnits(state.paid, state.total.currency).amount;
          throw new InvariantViolated(
            'disbursement.cannot-exceed-commitment',
            `${already} of ${state.total.amount} ${state.total.currency} is paid; ${data.amount.amount} more exceeds the commitment (give override.reason to record it anyway)`,
            'amount.amount',
          );
        }
        assertNotInFuture('occurredOn', data.occurredOn, now);
        const { commitment: _stream, ...rest } = withoutSources(data);
        return [{ type: CONTRIBUTION_DISBURSED, data: rest }];
      }
      default:
        return unreachable(state);
    }
  },
};
