/** Moved to src/domain/document-text.ts (the recorder proves quotes with it); kept until projections/ imports it from there. */
export * from '../domain/document-text';
