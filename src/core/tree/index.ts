/** The Alerts tree, pure: built from the workspace index, shown by the extension, printed by the CLI. */
export * from './types';
export * from './counts';
export { alertPredicate, describeFilter, isFilterActive, sortAlerts, verdictKeyOf, type TreeSource } from './filter';
export { alertDetails, entityDetails, type Detail } from './details';
export { alertTitle, entityName, formatTime, roleLabel } from './nodes';
export { AlertTree, buildAlertTree, isInside, type AlertTreeInput } from './alertTree';
