/** The action registry's public entry: definitions, argument specs and availability rules. */
export * from './args';
export * from './protocol-actions';
export * from './registry';
export * from './types';
export { DELAY_BY_MS, MAX_DELAY_MS } from './message-actions';
export { currentLinkConfig, linkDraft } from './link-actions';
