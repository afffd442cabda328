/**
 * Off-heap room for the JSON text of the facts the read model holds: UTF-8 bytes in large buffers, written
 * once and never moved. The ledger keeps every fact it has folded; held as JavaScript strings, a million facts'
 * data are copied by the garbage collector when they survive and visited again by every full collection, which
 * made up most of a rebuild. Bytes in a Buffer cost it neither. A chunk is freed with the last fact in it.
 */
export interface PlacedPair {
  readonly chunk: Buffer;
  readonly start: number;
  /** Where the first text ends and the second begins. */
  readonly middle: number;
  readonly end: number;
}

export class Utf8Arena {
  private current: Buffer;
  private used = 0;

  private nextChunkBytes: number;

  constructor(
    firstChunkBytes = 1024 * 1024,
    private readonly maxChunkBytes = 256 * 1024 * 1024,
  ) {
    this.current = Buffer.allocUnsafeSlow(firstChunkBytes);
    this.nextChunkBytes = Math.min(firstChunkBytes * 2, maxChunkBytes);
  }

  /** Writes two texts one after the other in one chunk; read one back with `chunk.toString('utf8', from, to)`. */
  writePair(first: string, second: string): PlacedPair {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    const room = (first.length + second.length) * 3;
    if (this.used + room > this.current.length) {
      // Chunks double in size: V8 collects garbage when external memory has grown by a set amount, and a
      // rebuild writing hundreds of megabytes in equal chunks set off a full collection every few of them.
      this.current = Buffer.allocUnsafeSlow(Math.max(this.nextChunkBytes, room));
      this.nextChunkBytes = Math.min(this.nextChunkBytes * 2, this.maxChunkBytes);
      this.used = 0;
    }
    const chunk = this.current;
    const start = this.used;
    const middle = start + chunk.write(first, start);
    const end = middle + chunk.write(second, middle);
    this.used = end;
    return { chunk, start, middle, end };
  }
}
