/** The validation bundle (dist/validation.js): what the extension loads on its first validation (see lazyBundles.ts). */
export { validateRecord, schemaProblems, sortProblems } from './validate';
export { locateProblems } from './schemaProblems';
export { validateIndexed, validateLedgerFile, validateLedgerText } from './workspaceValidation';
export { loadUserSchema } from './userSchemas';
export { SCHEMAS } from './schemas';
export { OffThreadValidator, Superseded, OFF_THREAD_MIN_BYTES } from './offThreadValidation';
export { loadOffThread } from './offThreadLoad';
