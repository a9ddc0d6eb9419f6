/**
 * Triage: the seed's questions about an alert, each answered from the workspace where the data can
 * answer it (domain.md, "Triage questions" and "Investigation ideas"), and saying so where it cannot.
 */
import { catalog } from '../catalog';
import type { Alert, UniqueEntity } from '../model';
import { VERDICTS } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import { type IndexedAlert, type WorkspaceIndex } from '../workspaceIndex';
import { entitiesByRole, idKey } from '../references';
import { asObj, nonEmpty, text } from './coerce';
import { entityLabel, entityRef, passwordExpiredButActive } from './entities';
import type { EntityRefVm, TriageVm } from '../../shared/evidence';
import { isRecord, plural } from '../../shared/text';

const SOURCE_ROLES = new Set(['sourceComputer', 'sourceUser']);
/** External IDs whose detections rest on network name resolution (domain.md, NNR). */
const NNR_SENSITIVE = new Set(['2018', '2006', '2007']);

export interface TriageInput {
  index: WorkspaceIndex;
  verdicts: VerdictLookup;
  alert: Alert;
  externalId: string;
  activityMs: number | undefined;
  network: { total: number; lowCertainty: number };
}


/** Entity ids of an alert with a source role. */
function sourceIds(alert: Alert): string[] {
  const out: string[] = [];
  for (const [role, ids] of entitiesByRole(alert)) if (SOURCE_ROLES.has(role)) out.push(...ids);
  return out;
}

function isSourceOf(a: IndexedAlert, id: string): boolean {
  const k = idKey(id);
  return a.references.some((r) => r.site.kind === 'entity' && SOURCE_ROLES.has(r.site.role) && idKey(r.id) === k);
}

/** Every entity the alert names (roles and related ids), once. */
function allEntityIds(alert: Alert): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const ids of entitiesByRole(alert).values()) {
    for (const id of ids) if (!seen.has(idKey(id))) { seen.add(idKey(id)); out.push(id); }
  }
  return out;
}

function counts(values: string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function triage(input: TriageInput): TriageVm[] {
  return [
    howCommon(input),
    sharedSources(input),
    sameKindOfSources(input),
    sharedDepartmentOrGroup(input),
    sharedResources(input),
    nameResolution(input),
    expiredPasswords(input),
    decoysAndSensitive(input),
    exclusions(input),
  ];
}

function sameType(input: TriageInput): IndexedAlert[] {
  return input.index.alerts().filter((a) => typeof a.alert.externalId === 'string' && a.alert.externalId.trim() === input.externalId);
}

function howCommon(input: TriageInput): TriageVm {
  const same = sameType(input);
  const name = catalog.get(input.externalId)?.name;
  const type = name ? `${input.externalId} (${name})` : input.externalId;
  const question = 'How common is this alert type in the workspace?';
  const n = same.length;
  const details: string[] = [];
  const status = counts(same.map((a) => text(a.alert.status, 40) ?? 'unknown status'));
  if (n) details.push(`Status: ${status.map(([s, c]) => `${c} ${s}`).join(', ')}.`);
  const verdicts = counts(same.map((a) => input.verdicts.verdictOf(a.alert.id)?.verdict).filter((v): v is (typeof VERDICTS)[number] => !!v && VERDICTS.includes(v)));
  if (verdicts.length) details.push(`Classified: ${verdicts.map(([v, c]) => `${c} ${v}`).join(', ')}.`);
  if (n <= 1) {
    return { id: 'how-common', question, answer: `This is the only alert of external ID ${type} in the workspace.`, tone: 'neutral', details, entities: [] };
  }
  details.push('More alerts of exactly the same type usually lower their importance; if they come from the same kind of computers or users, consider an exclusion.');
  return {
    id: 'how-common',
    question,
    answer: `${n} alerts of external ID ${type} exist in the workspace, this one included.`,
    tone: n >= 3 ? 'benign' : 'neutral',
    details,
    entities: [],
  };
}

function sharedSources(input: TriageInput): TriageVm {
  const question = 'Do other alerts come from the same source computers or users?';
  const sources = sourceIds(input.alert);
  if (!sources.length) {
    return { id: 'shared-sources', question, answer: 'The alert names no source computer or user, so the data cannot answer this.', tone: 'unknown', details: [], entities: [] };
  }
  const self = idKey(input.alert.id);
  const sharing = new Set<IndexedAlert>();
  const sharingSameType = new Set<IndexedAlert>();
  const details: string[] = [];
  for (const id of sources) {
    const others = input.index.alertsReferencing(id).filter((a) => idKey(a.alert.id) !== self && isSourceOf(a, id));
    const ofType = others.filter((a) => typeof a.alert.externalId === 'string' && a.alert.externalId.trim() === input.externalId);
    for (const a of others) sharing.add(a);
    for (const a of ofType) sharingSameType.add(a);
    const label = entityRef(input.index, id).label;
    details.push(others.length
      ? `${label}: source of ${plural(others.length, 'other alert')} (${ofType.length} of this type).`
      : `${label}: source of no other alert.`);
  }
  const answer = sharing.size
    ? `${plural(sharing.size, 'other alert')} share${sharing.size === 1 ? 's' : ''} a source with this one; ${sharingSameType.size ? `${sharingSameType.size} of them ${sharingSameType.size === 1 ? 'is' : 'are'}` : 'none is'} of the same type.`
    : 'No other alert in the workspace shares a source computer or user with this one.';
  return { id: 'shared-sources', question, answer, tone: sharingSameType.size ? 'benign' : 'neutral', details, entities: sources.map((id) => entityRef(input.index, id)) };
}

function sameKindOfSources(input: TriageInput): TriageVm {
  const question = 'Were alerts of this type triggered by the same kind of computers or users?';
  const same = sameType(input);
  if (same.length < 2) {
    return { id: 'same-kind', question, answer: 'Only this alert has this type here: there is nothing to compare it with.', tone: 'unknown', details: [], entities: [] };
  }
  const departments: string[] = [];
  const kinds: string[] = [];
  for (const a of same) {
    for (const id of sourceIds(a.alert)) {
      const e = input.index.entity(id)?.entity;
      if (!e) continue;
      if (e.$type === 'User') {
        const d = nonEmpty(e.Department, 100);
        if (d) departments.push(d);
      } else if (e.$type === 'Computer') {
        kinds.push(e.IsDomainController === true ? 'domain controller' : e.IsServer === true ? 'server' : 'workstation');
      }
    }
  }
  if (!departments.length && !kinds.length) {
    return { id: 'same-kind', question, answer: 'The sources of these alerts have no entity files, so the data cannot answer this.', tone: 'unknown', details: [], entities: [] };
  }
  const dep = counts(departments);
  const kind = counts(kinds);
  const details: string[] = [];
  if (dep.length) details.push(`Source users' departments: ${dep.map(([d, c]) => `${d} (${c})`).join(', ')}.`);
  if (kind.length) details.push(`Source computers: ${kind.map(([k, c]) => `${k} (${c})`).join(', ')}.`);
  const uniform = (dep.length === 1 && departments.length >= 2) || (kind.length === 1 && kinds.length >= 2 && kind[0]![0] !== 'workstation');
  const answer = uniform
    ? `Yes: the ${plural(same.length, 'alert')} of this type come from ${dep.length === 1 && departments.length >= 2 ? `${dep[0]![0]} users` : `${kind[0]![0]}s`}. If that activity is expected, consider an exclusion (after confirming a benign true positive).`
    : `No single kind: the ${plural(same.length, 'alert')} of this type come from different kinds of sources.`;
  return { id: 'same-kind', question, answer, tone: uniform ? 'benign' : 'neutral', details, entities: [] };
}

interface UserInfo {
  id: string;
  entity: UniqueEntity;
}

function usersOf(input: TriageInput): UserInfo[] {
  return allEntityIds(input.alert)
    .map((id) => ({ id, entity: input.index.entity(id)?.entity }))
    .filter((u): u is UserInfo => u.entity?.$type === 'User');
}

function sharedDepartmentOrGroup(input: TriageInput): TriageVm {
  const question = 'Do the related users share a department or a group?';
  const users = usersOf(input);
  if (users.length < 2) {
    return { id: 'shared-department-group', question, answer: `The alert names ${users.length ? 'only one user' : 'no user with an entity file'}, so there is nothing to compare.`, tone: 'unknown', details: [], entities: users.map((u) => entityRef(input.index, u.id)) };
  }
  const details: string[] = [];
  const deps = counts(users.map((u) => nonEmpty(u.entity.Department, 100)).filter((d): d is string => !!d));
  if (deps.length) details.push(`Departments: ${deps.map(([d, c]) => `${d} (${c})`).join(', ')}.`);
  const ids = new Set(users.map((u) => idKey(u.id)));
  const groups: { name: string; members: number }[] = [];
  for (const g of input.index.entities()) {
    if (g.entity.$type !== 'Group' || !Array.isArray(g.entity.MemberIds)) continue;
    const members = new Set(g.entity.MemberIds.filter((m): m is string => typeof m === 'string').map(idKey));
    const inAlert = [...ids].filter((k) => members.has(k)).length;
    if (inAlert >= 2) groups.push({ name: entityLabel(g.entity, g.entity.Id), members: inAlert });
  }
  groups.sort((a, b) => b.members - a.members);
  if (groups.length) details.push(`Groups: ${groups.map((g) => `${g.name} (${g.members} of ${users.length})`).join(', ')}.`);
  const allSameDept = deps.length === 1 && deps[0]![1] === users.length;
  const fullGroup = groups.find((g) => g.members === users.length);
  const parts: string[] = [];
  if (allSameDept) parts.push(`all ${users.length} users are in ${deps[0]![0]}`);
  if (fullGroup) parts.push(`all are members of ${fullGroup.name}`);
  const answer = parts.length
    ? `Yes: ${parts.join(', and ')}.`
    : groups.length || deps.some(([, c]) => c >= 2)
      ? `Partly: some of the ${users.length} users share a department or group.`
      : `No: the ${users.length} users share neither a department nor a group known to the workspace.`;
  return { id: 'shared-department-group', question, answer, tone: 'neutral', details, entities: users.map((u) => entityRef(input.index, u.id)) };
}

function sharedResources(input: TriageInput): TriageVm {
  const question = 'Do the related users use the same resources or computers?';
  const users = usersOf(input);
  const withProfile = users.map((u) => ({ u, p: input.index.profile(u.id)?.profile })).filter((x) => !!x.p);
  if (users.length < 2 || withProfile.length < 2) {
    const why = users.length < 2 ? `The alert names ${users.length ? 'only one user' : 'no user with an entity file'}` : 'Fewer than two of the alert\'s users have a profile';
    return { id: 'shared-resources', question, answer: `${why}, so the data cannot answer this.`, tone: 'unknown', details: [], entities: [] };
  }
  const shared = (field: string) => {
    const tally = new Map<string, number>();
    for (const { p } of withProfile) {
      const map = asObj(p![field]);
      for (const k of Object.keys(map)) tally.set(idKey(k), (tally.get(idKey(k)) ?? 0) + 1);
    }
    return [...tally].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1]);
  };
  const resources = shared('AccessedResourceIdToTimeMapping');
  const computers = shared('SourceComputerIdToTimeMapping');
  const details: string[] = [];
  const name = (k: string) => entityRef(input.index, k).label;
  if (resources.length) details.push(`Resources: ${resources.slice(0, 10).map(([k, c]) => `${name(k)} (${c} users)`).join(', ')}.`);
  if (computers.length) details.push(`Computers: ${computers.slice(0, 10).map(([k, c]) => `${name(k)} (${c} users)`).join(', ')}.`);
  const entities: EntityRefVm[] = [...resources, ...computers].slice(0, 12).map(([k]) => entityRef(input.index, k));
  const answer = resources.length || computers.length
    ? `Yes: their profiles share ${plural(resources.length, 'accessed resource')} and ${plural(computers.length, 'source computer')}.`
    : `No: the profiles of ${withProfile.length} users share no accessed resource or source computer.`;
  return { id: 'shared-resources', question, answer, tone: 'neutral', details, entities };
}

function nameResolution(input: TriageInput): TriageVm {
  const question = 'Does the alert rest on low-certainty network name resolution?';
  const { total, lowCertainty } = input.network;
  if (!total) {
    return { id: 'name-resolution', question, answer: 'The alert has no network activities, so the data cannot answer this.', tone: 'unknown', details: [], entities: [] };
  }
  const details = ['Low certainty that an IP address belonged to the named computer is the usual sign of a false positive.'];
  if (NNR_SENSITIVE.has(input.externalId)) details.push('Name resolution matters most for this type (pass-the-ticket, DCSync and DNS reconnaissance rest on it).');
  if (!lowCertainty) {
    return { id: 'name-resolution', question, answer: `No: none of the ${total.toLocaleString('en-US')} network activities has a low-certainty resolution.`, tone: 'neutral', details: details.slice(1), entities: [] };
  }
  return {
    id: 'name-resolution',
    question,
    answer: `${lowCertainty === total ? 'Yes' : 'Partly'}: ${lowCertainty.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} network activities resolved a computer with Low certainty. This often means a false positive.`,
    tone: 'warning',
    details,
    entities: [],
  };
}

function expiredPasswords(input: TriageInput): TriageVm {
  const question = 'Is an account active although its password had expired?';
  const users = usersOf(input);
  const withExpiry = users.filter((u) => typeof u.entity.PasswordExpiryTime === 'string' || u.entity.IsPasswordNeverExpires === true);
  if (input.activityMs === undefined || !withExpiry.length) {
    return { id: 'expired-password', question, answer: input.activityMs === undefined ? 'The alert has no valid start time to compare expiry times with.' : 'None of the alert\'s users has a password expiry time.', tone: 'unknown', details: [], entities: [] };
  }
  const hits = withExpiry.filter((u) => passwordExpiredButActive(u.entity, input.activityMs));
  if (!hits.length) {
    return { id: 'expired-password', question, answer: `No: every user's password was valid at the time of the activity (${plural(withExpiry.length, 'user')} checked).`, tone: 'neutral', details: [], entities: [] };
  }
  return {
    id: 'expired-password',
    question,
    answer: `Yes: ${hits.map((u) => entityLabel(u.entity, u.id)).join(', ')} ${hits.length === 1 ? 'is' : 'are'} enabled, yet the password had expired before this activity.`,
    tone: 'suspicious',
    details: hits.map((u) => `${entityLabel(u.entity, u.id)}: PasswordExpiryTime ${String(u.entity.PasswordExpiryTime)}.`),
    entities: hits.map((u) => entityRef(input.index, u.id)),
  };
}

function decoysAndSensitive(input: TriageInput): TriageVm {
  const question = 'Is a honeytoken or a sensitive account involved?';
  const ids = allEntityIds(input.alert);
  const resolved = ids.map((id) => ({ id, e: input.index.entity(id)?.entity })).filter((x): x is { id: string; e: UniqueEntity } => !!x.e);
  const honey = resolved.filter((x) => x.e.IsHoneytoken === true);
  const sensitive = resolved.filter((x) => x.e.IsSensitive === true && x.e.IsHoneytoken !== true);
  if (!resolved.length) {
    return { id: 'honeytoken-sensitive', question, answer: 'None of the alert\'s entities has an entity file, so the data cannot answer this.', tone: 'unknown', details: [], entities: [] };
  }
  const details: string[] = [];
  if (honey.length) details.push(`Honeytokens: ${honey.map((x) => entityLabel(x.e, x.id)).join(', ')} — decoy accounts nobody should use.`);
  if (sensitive.length) details.push(`Sensitive: ${sensitive.map((x) => entityLabel(x.e, x.id)).join(', ')}.`);
  const answer = honey.length
    ? `Yes: a honeytoken account is involved; any activity on it is suspicious.`
    : sensitive.length
      ? `${plural(sensitive.length, 'sensitive entity', 'sensitive entities')} involved, no honeytoken.`
      : 'No honeytoken and no sensitive entity is involved.';
  return {
    id: 'honeytoken-sensitive',
    question,
    answer,
    tone: honey.length ? 'suspicious' : sensitive.length ? 'warning' : 'neutral',
    details,
    entities: [...honey, ...sensitive].map((x) => entityRef(input.index, x.id)),
  };
}

function exclusions(input: TriageInput): TriageVm {
  const question = 'Is any of its entities excluded from this detection?';
  const hits: { id: string; reason?: string }[] = [];
  for (const id of allEntityIds(input.alert)) {
    const ex = input.verdicts.exclusionFor(input.externalId, id);
    if (ex && isRecord(ex)) hits.push({ id, ...(nonEmpty(ex.reason, 300) ? { reason: nonEmpty(ex.reason, 300)! } : {}) });
  }
  if (!hits.length) return { id: 'exclusions', question, answer: 'No: the ledger excludes none of its entities from this alert type.', tone: 'neutral', details: [], entities: [] };
  return {
    id: 'exclusions',
    question,
    answer: `Yes: ${hits.map((h) => entityRef(input.index, h.id).label).join(', ')} ${hits.length === 1 ? 'is' : 'are'} excluded from external ID ${input.externalId}.`,
    tone: 'benign',
    details: hits.filter((h) => h.reason).map((h) => `${entityRef(input.index, h.id).label}: ${h.reason}`),
    entities: hits.map((h) => entityRef(input.index, h.id)),
  };
}

