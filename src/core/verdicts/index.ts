/**
 * Verdicts: the ledger model, its parser and stable serialiser, the changes (classify, clear, exclude),
 * the safe write protocol, the author and per-type insight. Pure Node; the extension and the CLI adapt it.
 */
export * from './ledger';
export * from './parse';
export * from './serialize';
export * from './operations';
export * from './lock';
export * from './store';
export * from './author';
export * from './insight';
export * from './paths';
export * from './workspace';
