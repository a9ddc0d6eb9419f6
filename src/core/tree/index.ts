/** The Alerts tree, pure: built from the workspace index, shown by the extension, printed by the CLI. */
export * from './types';
export * from './counts';
export { describeFilter, isFilterActive, type TreeSource } from './filter';
export { alertDetails, entityDetails, type Detail } from './details';
export { AlertTree, buildAlertTree } from './alertTree';
