/**
 * JSON values, as events carry their data and the read API answers. The same shapes as the store port's
 * (src/event-store/event-store.port.ts), declared here with no runtime code so that the views and the auditor's
 * page can name them.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
