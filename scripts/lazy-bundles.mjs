// The bundles loaded on first use (src/core/lazyBundles.ts and the export / import loaders): every bundle that
// requires one marks it external, so its code stays out of dist/extension.js and dist/cli.js.
export const LAZY_BUNDLES = ['./report-writer.js', './workbook-reader.js', './validation.js', './schema-assist.js', './import.js', './scrub.js', './scaffold.js'];
