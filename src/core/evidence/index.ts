/** The evidence panel's pure core: view model, triage answers, attack chain layout and table paging. */
export { buildEvidence, type EvidenceBuild } from './build';
export { ActivityTable } from './activities';
export { passwordExpiredButActive } from './entities';
