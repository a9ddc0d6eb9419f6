/**
 * Coverage: which catalog alert types the fixtures exercise, how noisy each is, and which ATT&CK
 * techniques that covers — as a report, a matrix, a Navigator layer and a table. Pure Node.
 */
export * from './attack';
export * from './build';
export * from './matrix';
export * from './layer';
export * from './table';
