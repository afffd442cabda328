/** Where progress is drawn: stderr, so stdout stays the command's answer (tables or one JSON document). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const WIDTH = 30;

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A progress bar over a log read: the fraction is the global position reached over the head position (positions
 * are ordered but, on EventStoreDB, not dense, so this is a fraction of the log's bytes there, of its events here).
 * On a terminal it redraws one line; elsewhere (when forced with --progress) it prints a line every 10 %.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastDecile = -1;
  private lastEvents = -1;
  private drawn = false;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly head: bigint | null,
    private readonly first: bigint = 0n,
    /** What is counted: events of a log read (with the position reached), or commands of an import (of the head). */
    private readonly unit: 'events' | 'commands' = 'events',
  ) {}

  update(position: bigint, events: number, force = false): void {
    if (!this.enabled) return;
    const fraction = this.fraction(position);
    if (this.stream.isTTY) {
      const now = Date.now();
      if (!force && now - this.lastDraw < 80) return;
      this.lastDraw = now;
      const line = this.render(fraction, position, events);
      // Clear to the end of the line; never wrap (a wrapped line cannot be redrawn with \r).
      this.stream.write(`\r${this.stream.columns ? line.slice(0, this.stream.columns - 1) : line}\x1b[K`);
      this.drawn = true;
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile === this.lastDecile && (!force || events === this.lastEvents)) return;
      this.lastDecile = decile;
      this.lastEvents = events;
      this.stream.write(`${this.render(fraction, position, events)}\n`);
    }
  }

  /** Ends the bar's line where it stopped (the work failed), so the message that follows starts on its own. */
  abandon(): void {
    if (this.enabled && this.stream.isTTY && this.drawn) this.stream.write('\n');
  }

  /** Draws 100 % and ends the line. */
  finish(position: bigint | null, events: number): void {
    if (!this.enabled) return;
    if (position !== null) this.update(position, events, true);
    else if (!this.stream.isTTY) this.stream.write(`${this.label} ${'░'.repeat(WIDTH)} nothing to read\n`);
    if (this.stream.isTTY && this.drawn) this.stream.write('\n');
  }

  private fraction(position: bigint): number {
    if (this.head === null || this.head <= this.first) return 1;
    const done = Number(position - this.first) / Number(this.head - this.first);
    return Math.max(0, Math.min(1, done));
  }

  private render(fraction: number, position: bigint, events: number): string {
    const filled = Math.round(fraction * WIDTH);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const percent = `${Math.floor(fraction * 100)}`.padStart(3);
    const counted =
      this.unit === 'commands' ? `${formatCount(events)} of ${formatCount(Number(this.head ?? 0n))} commands` : `${formatCount(events)} events, position ${position}`;
    return `${this.label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${percent}% ${counted} (${seconds}s)`;
  }
}

/** --progress forces the bar, --no-progress hides it; by default it shows on a terminal only. */
export function progressWanted(option: boolean | undefined, stream: ProgressStream = process.stderr): boolean {
  return option ?? Boolean(stream.isTTY);
}
