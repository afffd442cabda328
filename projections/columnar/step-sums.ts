/**
 * Step functions of the valid day: for each group, the sum of the deltas placed at days on or before D. Built
 * once from points (a bucket per calendar day, no sorting), read with one binary search per group.
 *
 * Sums are kept as floats and are exact while every running sum is a safe integer; `exact` says whether that
 * held for every group, and a caller that needs exact sums must not use an inexact build.
 */
export class StepSums {
  private constructor(
    private readonly groups: Map<number, { days: Int32Array; sums: Float64Array }>,
    readonly exact: boolean,
  ) {}

  static build(points: StepPoints): StepSums {
    const groups = new Map<number, { days: Int32Array; sums: Float64Array }>();
    let exact = points.exact;
    if (points.size === 0) return new StepSums(groups, exact);
    // A day as a bucket: (year - first year) * 372 + (month - 1) * 31 + day - 1, monotonic in the day.
    const firstYear = Math.floor(points.minDay / 10000);
    const bucketOf = (day: number) =>
      (Math.floor(day / 10000) - firstYear) * 372 + ((Math.floor(day / 100) % 100) - 1) * 31 + ((day % 100) - 1);
    const buckets = new Float64Array(bucketOf(points.maxDay) + 1);
    const touched = new Uint8Array(buckets.length);
    for (const [group, { days, deltas }] of points.groups) {
      let first = buckets.length;
      let last = -1;
      for (let i = 0; i < days.length; i++) {
        const bucket = bucketOf(days[i]!);
        buckets[bucket] += deltas[i]!;
        touched[bucket] = 1;
        if (bucket < first) first = bucket;
        if (bucket > last) last = bucket;
      }
      const stepDays: number[] = [];
      const sums: number[] = [];
      let running = 0;
      for (let bucket = first; bucket <= last; bucket++) {
        if (!touched[bucket]) continue;
        running += buckets[bucket]!;
        if (!Number.isSafeInteger(running)) exact = false;
        const yearIndex = Math.floor(bucket / 372);
        const rest = bucket % 372;
        stepDays.push((firstYear + yearIndex) * 10000 + (Math.floor(rest / 31) + 1) * 100 + (rest % 31) + 1);
        sums.push(running);
        buckets[bucket] = 0;
        touched[bucket] = 0;
      }
      groups.set(group, { days: Int32Array.from(stepDays), sums: Float64Array.from(sums) });
    }
    return new StepSums(groups, exact);
  }

  /** The sum of the group's deltas at days on or before `day` (0 for a group without points). */
  at(group: number, day: number): number {
    const found = this.groups.get(group);
    if (!found) return 0;
    const { days, sums } = found;
    let low = 0;
    let high = days.length - 1;
    let result = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (days[mid]! <= day) {
        result = sums[mid]!;
        low = mid + 1;
      } else high = mid - 1;
    }
    return result;
  }
}

/** Points (group, day, delta) collected for a StepSums build. */
export class StepPoints {
  readonly groups = new Map<number, { days: number[]; deltas: number[] }>();
  size = 0;
  minDay = Number.POSITIVE_INFINITY;
  maxDay = Number.NEGATIVE_INFINITY;
  /** False once a delta was not a safe integer (an amount kept aside as a bigint). */
  exact = true;

  add(group: number, day: number, delta: number): void {
    if (!Number.isSafeInteger(delta)) this.exact = false;
    let points = this.groups.get(group);
    if (!points) this.groups.set(group, (points = { days: [], deltas: [] }));
    points.days.push(day);
    points.deltas.push(delta);
    this.size++;
    if (day < this.minDay) this.minDay = day;
    if (day > this.maxDay) this.maxDay = day;
  }
}

/** Where step-function deltas go: a group, the day from which the delta counts, the delta. */
export type StepSink = (group: number, day: number, delta: number) => void;

/** A day number (YYYYMMDD) beyond every day: an open end, a step that never comes. */
export const NEVER = 99_999_999;
