/**
 * One string object for each value of a small vocabulary (event types, stream kinds) instead of a new one per
 * event read or entity folded. Bounded: past the limit a value is returned as it is, only not shared.
 */
export class InternedStrings {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit = 1024) {}

  of(text: string): string {
    const known = this.known.get(text);
    if (known !== undefined) return known;
    if (this.known.size < this.limit) this.known.set(text, text);
    return text;
  }
}
