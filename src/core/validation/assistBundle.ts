/** The completion/hover bundle (dist/schema-assist.js): loaded on the first hover or completion (see lazyBundles.ts). */
export { SchemaAssist } from './schemaAssist';
