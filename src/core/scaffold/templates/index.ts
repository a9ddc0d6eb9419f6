/** Every alert-type template, by external ID, in kill-chain order. */
import type { AlertTemplate } from '../types';
import { RECONNAISSANCE } from './reconnaissance';
import { CREDENTIALS } from './credentials';
import { LATERAL_MOVEMENT } from './lateralMovement';
import { DOMAIN_DOMINANCE } from './domainDominance';
import { DIRECTORY_CHANGES } from './directoryChanges';
import { EXFILTRATION } from './exfiltration';

export const TEMPLATES: readonly AlertTemplate[] = [...RECONNAISSANCE, ...CREDENTIALS, ...LATERAL_MOVEMENT, ...DOMAIN_DOMINANCE, ...DIRECTORY_CHANGES, ...EXFILTRATION];

const byExternalId = new Map(TEMPLATES.map((t) => [t.externalId, t]));

export function templateFor(externalId: string): AlertTemplate | undefined {
  return byExternalId.get(externalId);
}
