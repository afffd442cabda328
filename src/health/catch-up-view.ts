import type { CatchUpProgress } from '../read-models/live-ledger';

/** How far the read model has caught up, as /health shows it: positions as strings, progress from 0 to 1. */
export function catchUpView(progress: CatchUpProgress) {
  const { caughtUp, events, position, target } = progress;
  const fraction = caughtUp || target === null || target === 0n ? 1 : Math.min(1, Number(position ?? 0n) / Number(target));
  return {
    caughtUp,
    events,
    position: position?.toString() ?? null,
    target: target?.toString() ?? null,
    progress: Math.floor(fraction * 1000) / 1000,
  };
}
