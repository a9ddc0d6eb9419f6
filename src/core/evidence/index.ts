/** The evidence panel's pure core: view model, triage answers, attack chain layout and table paging. */
export { buildEvidence, buildEvidenceFor, activityTime, verdictVm, type EvidenceBuild, type BuildOptions } from './build';
export { ActivityTable, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './activities';
export { passwordExpiredButActive } from './entities';
export * from '../../shared/evidence';
