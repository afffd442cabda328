/**
 * Calls the server still has open, so that stop() can finish each one the way its kind needs
 * (subscriptions fail as UNAVAILABLE, the long-lived BatchAppend stream just ends) before the
 * gRPC server shuts down; otherwise tryShutdown would wait forever on endless subscriptions.
 */
export type OpenCallKind = 'subscription' | 'append' | 'batch-append';

export class OpenCalls {
  private readonly closers = new Map<() => void, OpenCallKind>();

  /** Returns the function that forgets the call once it finished on its own. */
  add(kind: OpenCallKind, close: () => void): () => void {
    this.closers.set(close, kind);
    return () => {
      this.closers.delete(close);
    };
  }

  count(kind: OpenCallKind): number {
    let count = 0;
    for (const callKind of this.closers.values()) {
      if (callKind === kind) {
        count++;
      }
    }
    return count;
  }

  closeAll(): void {
    const closers = [...this.closers.keys()];
    this.closers.clear();
    for (const close of closers) {
      close();
    }
  }
}
