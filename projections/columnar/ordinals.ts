/** Numbers for names (streams, keys): an index's own, or those of the table it is kept beside. */
export interface StreamOrdinals {
  readonly names: readonly string[];
  /** The name's number, given one if it has none. */
  of(name: string): number;
}

/** Interns strings as small integers, numbered in the order first seen. */
export class Ordinals implements StreamOrdinals {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  of(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}
