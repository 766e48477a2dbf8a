// The instrument library: standard question sets and the catalog the builder offers.
export * from './brand-experience.js';
export type { TInstrumentKind, TItemSpec } from './builders.js';
export * from './case-follow-up.js';
export * from './catalog.js';
export * from './employee.js';
export * from './relationship-nps.js';
export * from './servqual.js';
export * from './transactional.js';
