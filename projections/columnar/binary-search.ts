/** The last index below `count` for which `atOrBefore` holds, where it holds for a prefix of the indices (binary search), or -1. */
export function lastIndexWhere(count: number, atOrBefore: (index: number) => boolean): number {
  let low = 0;
  let high = count - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (atOrBefore(mid)) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
