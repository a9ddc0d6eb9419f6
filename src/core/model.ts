/**
 * The domain model: what an alert fixture, a Unique Entity Json and a Unique Entity Profile Json hold
 * once loaded. Field names follow the file contract (camelCase alerts, PascalCase portal documents).
 */
import { lookupTable } from '../shared/lookupTable';

export const PHASES = [
  'reconnaissance',
  'compromised-credentials',
  'lateral-movement',
  'domain-dominance',
  'exfiltration',
] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = lookupTable({
  reconnaissance: 'Reconnaissance',
  'compromised-credentials': 'Compromised credentials',
  'lateral-movement': 'Lateral movement',
  'domain-dominance': 'Domain dominance',
  exfiltration: 'Exfiltration',
});

export const SEVERITIES = ['High', 'Medium', 'Low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ['Open', 'Closed', 'Suppressed'] as const;
export type AlertStatus = (typeof STATUSES)[number];

export type Certainty = 'High' | 'Medium' | 'Low';

/** Known roles in kill-chain reading order; the contract allows other camelCase roles. */
export const KNOWN_ROLES = [
  'sourceComputer',
  'sourceUser',
  'destinationComputer',
  'domainController',
  'accessedResource',
  'attackedAccount',
  'dnsServer',
  'related',
] as const;
export type KnownRole = (typeof KNOWN_ROLES)[number];
export type EntityRole = KnownRole | (string & {});

export const ROLE_LABELS: Record<KnownRole, string> = lookupTable({
  sourceComputer: 'Source computers',
  sourceUser: 'Source users',
  destinationComputer: 'Destination computers',
  domainController: 'Domain controllers',
  accessedResource: 'Accessed resources',
  attackedAccount: 'Attacked accounts',
  dnsServer: 'DNS servers',
  related: 'Related entities',
});

/** Which entity `$type`s fit a role; roles not listed accept any type. */
export const ROLE_ENTITY_TYPES: Partial<Record<KnownRole, readonly string[]>> = lookupTable({
  sourceComputer: ['Computer'],
  destinationComputer: ['Computer'],
  domainController: ['Computer'],
  dnsServer: ['Computer'],
  sourceUser: ['User'],
  attackedAccount: ['User', 'Computer'],
});

export interface EvidenceLine {
  time?: string;
  text: string;
  entityIds?: string[];
}

export interface AlertEntityRef {
  role: EntityRole;
  id: string;
}

export interface AccessedResource {
  time?: string;
  computer?: string;
  name?: string;
  details?: string;
  type?: string;
  service?: string;
}

export interface NetworkEndpoint {
  ip?: string;
  port?: number;
  computerId?: string;
  certainty?: Certainty;
  resolutionMethods?: string[];
}

export interface NetworkActivity {
  time?: string;
  protocol?: string;
  source?: NetworkEndpoint;
  destination?: NetworkEndpoint;
  details?: Record<string, unknown>;
}

export interface EventActivity {
  time?: string;
  computerId?: string;
  provider?: string;
  eventId?: number;
  details?: Record<string, unknown>;
}

/** An alert fixture (`*.alert.json`). */
export interface Alert {
  id: string;
  externalId: string;
  type?: string;
  title: string;
  description?: string;
  phase?: Phase;
  severity: Severity;
  status: AlertStatus;
  startTime: string;
  endTime?: string | null;
  statusUpdateTime?: string | null;
  url?: string;
  evidence?: EvidenceLine[];
  entities?: AlertEntityRef[];
  accessedResources?: AccessedResource[];
  networkActivities?: NetworkActivity[];
  eventActivities?: EventActivity[];
  relatedEntityIds?: string[];
  [extra: string]: unknown;
}

/** A Unique Entity Json document (`*.entity.json`), the portal's PascalCase shape. */
export interface UniqueEntity {
  $type: string;
  Id: string;
  SchemaVersion?: number;
  IsEntitySchemaChanged?: boolean;
  SystemDisplayName?: string;
  SamName?: string;
  UpnName?: string;
  DnsName?: string;
  DistinguishedName?: string;
  Sid?: string;
  Department?: string;
  Mail?: string;
  PhoneNumber?: string;
  OperatingSystemDisplayName?: string;
  IsDomainController?: boolean;
  IsDisabled?: boolean;
  IsPasswordNeverExpires?: boolean;
  PasswordExpiryTime?: string | null;
  [attribute: string]: unknown;
}

/** A Unique Entity Profile Json document (`*.profile.json`). */
export interface UniqueEntityProfile {
  $type: string;
  UniqueEntityId: string;
  [attribute: string]: unknown;
}

export const VERDICTS = ['TP', 'B-TP', 'FP'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABELS: Record<Verdict, string> = lookupTable({
  TP: 'True positive',
  'B-TP': 'Benign true positive',
  FP: 'False positive',
});

/** Graph security API `alertDetermination` values we offer. */
export const DETERMINATIONS = [
  'securityTesting',
  'lineOfBusinessApplication',
  'confirmedActivity',
  'compromisedAccount',
  'malware',
  'notMalicious',
  'multiStagedAttack',
  'maliciousUserActivity',
  'phishing',
  'unwantedSoftware',
  'other',
  'unknown',
] as const;
export type Determination = (typeof DETERMINATIONS)[number];

export function isVerdict(value: unknown): value is Verdict {
  return (VERDICTS as readonly unknown[]).includes(value);
}

export function isDetermination(value: unknown): value is Determination {
  return (DETERMINATIONS as readonly unknown[]).includes(value);
}

/** The file kinds of the workspace contract. */
export type FileKind = 'alert' | 'entity' | 'profile' | 'ledger';

/** A 0-based position, like VS Code's and jsonc-parser's. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type ProblemSeverity = 'error' | 'warning' | 'information';

/** One problem in one file, the same shape for the editor, the CLI and the tree. */
export interface Problem {
  file: string;
  range: Range;
  severity: ProblemSeverity;
  /** Stable code, e.g. `json-syntax`, `schema-required`, `unresolved-entity`. */
  code: string;
  message: string;
  /** Other places the problem is about (the other files of a duplicate id), for the editor's links. */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}
