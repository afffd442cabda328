import { t } from './i18n.js';
import { partyName } from './labels.js';

/** Whose commitments and pledges the page shows: a donor, a recipient, both, or (null, null) every one. */
export interface Partnership {
  readonly donor: string | null;
  readonly recipient: string | null;
}

/** The header's words for a partnership, with the parties' registered names in the page's language. */
export function partnershipName({ donor, recipient }: Partnership): string {
  if (donor && recipient) return t('partnership.pair', { donor: partyName(donor), recipient: partyName(recipient) });
  if (donor) return t('partnership.fromDonor', { donor: partyName(donor) });
  if (recipient) return t('partnership.toRecipient', { recipient: partyName(recipient) });
  return t('partnership.every');
}

/**
 * With no party chosen, a ledger whose commitments and pledges all run between one donor and one recipient is
 * named by that pair, as the seeded ledger always was; a ledger of several partnerships, or one whose list we
 * did not see whole, is not given a name it might not deserve.
 */
export function solePartnership(items: readonly { donorId: string; recipientId: string }[], seenWhole: boolean): Partnership | null {
  if (!seenWhole || items.length === 0) return null;
  const { donorId, recipientId } = items[0]!;
  return items.every((item) => item.donorId === donorId && item.recipientId === recipientId) ? { donor: donorId, recipient: recipientId } : null;
}
