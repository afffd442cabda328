/**
 * Off-heap room for the text the read model holds (each event's id and JSON): UTF-8 bytes in large buffers,
 * written once and never moved. Held as JavaScript strings, a million events' text is copied by the garbage
 * collector when it survives and visited again by every full collection, which made up most of a rebuild.
 * Bytes in a Buffer cost it neither. Texts are addressed by chunk number and byte offsets, so holding one
 * costs a few integers in typed arrays, not an object.
 */
export class Utf8Arena {
  private readonly chunks: Buffer[] = [];
  private current: Buffer;
  private currentIndex = 0;
  private used = 0;
  private adopted: Buffer | null = null;
  private adoptedIndex = -1;
  private nextChunkBytes: number;

  constructor(
    firstChunkBytes = 64 * 1024,
    private readonly maxChunkBytes = 256 * 1024 * 1024,
  ) {
    this.current = Buffer.allocUnsafeSlow(firstChunkBytes);
    this.chunks.push(this.current);
    this.nextChunkBytes = Math.min(firstChunkBytes * 2, maxChunkBytes);
  }

  /** The chunk the next `put` writes to, once `reserve` has made room. */
  get chunk(): number {
    return this.currentIndex;
  }

  /**
   * Keeps a buffer of text written elsewhere (never to be changed) as a chunk of its own and returns its
   * number; the buffer adopted last is adopted once.
   */
  adopt(buffer: Buffer): number {
    if (buffer !== this.adopted) {
      this.adopted = buffer;
      this.adoptedIndex = this.chunks.push(buffer) - 1;
    }
    return this.adoptedIndex;
  }

  /** Where the next `put` writes in its chunk. */
  get offset(): number {
    return this.used;
  }

  /**
   * Makes sure the current chunk has room for `characters` UTF-16 code units (texts written together stay in
   * one chunk). A code unit never takes more than 3 bytes of UTF-8.
   */
  reserve(characters: number): void {
    const room = characters * 3;
    if (this.used + room <= this.current.length) return;
    // Chunks double in size: V8 collects garbage when external memory has grown by a set amount, and a
    // rebuild writing hundreds of megabytes in equal chunks set off a full collection every few of them.
    this.current = Buffer.allocUnsafeSlow(Math.max(this.nextChunkBytes, room));
    this.currentIndex = this.chunks.push(this.current) - 1;
    this.nextChunkBytes = Math.min(this.nextChunkBytes * 2, this.maxChunkBytes);
    this.used = 0;
  }

  /** Writes `text` where the last one ended (after `reserve`) and returns where it ends. */
  put(text: string): number {
    this.used += this.current.write(text, this.used);
    return this.used;
  }

  text(chunk: number, from: number, to: number): string {
    return this.chunks[chunk]!.toString('utf8', from, to);
  }
}
