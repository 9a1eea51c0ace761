/** The placement library: one import for the protocol, its checker and its views. */
export * from './types';
export * from './hash';
export * from './jump';
export * from './placement';
export * from './measure';
