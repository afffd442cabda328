import { EventStore } from '../../src/event-store/event-store.port';

/** The same store behind the port alone, as a store that cannot read ahead (EventStoreDB) offers it. */
export function portOnly(store: EventStore): EventStore {
  return {
    append: (stream, events, expected) => store.append(stream, events, expected),
    appendMany: (requests) => store.appendMany(requests),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    health: () => store.health(),
    close: () => store.close(),
  };
}
