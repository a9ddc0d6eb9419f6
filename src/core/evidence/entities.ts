/**
 * Entity cards: the attributes of a Unique Entity Json that matter for triage, and the flags a person
 * should not miss (honeytoken, sensitive, an expired password on an account that is still active).
 */
import { KNOWN_ROLES, ROLE_LABELS, type KnownRole, type UniqueEntity } from '../model';
import type { VerdictLookup } from '../verdicts/lookup';
import type { WorkspaceIndex } from '../workspaceIndex';
import { nonEmpty, text, timeMs } from './coerce';
import type { AttributeVm, EntityCardVm, EntityKind, EntityRefVm, FlagVm } from '../../shared/evidence';

const COMPUTER_ROLES = new Set(['sourceComputer', 'destinationComputer', 'domainController', 'dnsServer', 'accessedResource']);

export function entityKind(entity: UniqueEntity | undefined, role?: string): EntityKind {
  if (!entity) {
    if (role === 'domainController' || role === 'dnsServer') return 'domainController';
    if (role && COMPUTER_ROLES.has(role)) return 'computer';
    if (role === 'sourceUser' || role === 'attackedAccount') return 'user';
    return 'unknown';
  }
  switch (entity.$type) {
    case 'User': return 'user';
    case 'Computer': return entity.IsDomainController === true ? 'domainController' : 'computer';
    case 'Group': return 'group';
    case 'Domain': return 'domain';
    default: return 'unknown';
  }
}

/** The name a person knows an entity by. */
export function entityLabel(entity: UniqueEntity | undefined, id: string): string {
  if (!entity) return id;
  return nonEmpty(entity.SystemDisplayName, 200) ?? nonEmpty(entity.SamName, 200) ?? nonEmpty(entity.UpnName, 200) ?? nonEmpty(entity.DnsName, 200) ?? id;
}

export function entityRef(index: WorkspaceIndex, id: string, role?: string): EntityRefVm {
  const entity = index.entity(id)?.entity;
  return { entityId: id, label: entityLabel(entity, id), kind: entityKind(entity, role), resolved: !!entity };
}

export function roleLabel(role: string): string {
  if ((KNOWN_ROLES as readonly string[]).includes(role)) return ROLE_LABELS[role as KnownRole];
  // An extension role such as "attackerComputer": split the camelCase for display.
  const words = role.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** True when a user's password had expired at the time of the activity while the account stayed enabled. */
export function passwordExpiredButActive(entity: UniqueEntity | undefined, activityMs: number | undefined): boolean {
  if (!entity || entity.$type !== 'User' || activityMs === undefined) return false;
  if (entity.IsDisabled === true || entity.IsPasswordNeverExpires === true) return false;
  const expiry = timeMs(entity.PasswordExpiryTime);
  return expiry !== undefined && expiry < activityMs;
}

function attributesOf(e: UniqueEntity, expiredButActive: boolean): AttributeVm[] {
  const out: AttributeVm[] = [];
  const add = (label: string, v: unknown, tone?: AttributeVm['tone']) => {
    const t = nonEmpty(v);
    if (t !== undefined) out.push(tone ? { label, value: t, tone } : { label, value: t });
  };
  add('Name', e.SystemDisplayName);
  add('SamName', e.SamName);
  add('UPN', e.UpnName);
  add('DNS name', e.DnsName);
  add('Distinguished name', e.DistinguishedName);
  add('SID', e.Sid);
  add('Department', e.Department);
  add('Mail', e.Mail);
  add('Phone', e.PhoneNumber);
  add('Operating system', e.OperatingSystemDisplayName);
  if (e.$type === 'Computer' && typeof e.IsDomainController === 'boolean') {
    const dc = e.DomainController && typeof e.DomainController === 'object' ? (e.DomainController as Record<string, unknown>) : {};
    const extra = [dc.IsGlobalCatalog === true ? 'global catalog' : '', dc.IsReadOnly === true ? 'read-only' : '', dc.IsPrimary === true ? 'primary' : '']
      .filter(Boolean)
      .join(', ');
    out.push({ label: 'Domain controller', value: e.IsDomainController ? (extra ? `yes (${extra})` : 'yes') : 'no' });
  }
  add('IP address', e.IpAddress);
  if (Array.isArray(e.GroupType)) add('Group type', e.GroupType.filter((g) => typeof g === 'string').join(', '));
  if (Array.isArray(e.MemberIds)) out.push({ label: 'Members', value: String(e.MemberIds.length) });
  if (e.$type === 'User' || e.PasswordExpiryTime !== undefined) {
    if (e.IsPasswordNeverExpires === true) out.push({ label: 'Password expiry', value: 'never expires', tone: 'warning' });
    else if (typeof e.PasswordExpiryTime === 'string') {
      out.push(expiredButActive ? { label: 'Password expiry', value: e.PasswordExpiryTime, tone: 'suspicious' } : { label: 'Password expiry', value: e.PasswordExpiryTime });
    }
  }
  add('Password last set', e.PasswordUpdateTime);
  add('Created', e.CreationTime);
  return out;
}

function flagsOf(e: UniqueEntity, expiredButActive: boolean): FlagVm[] {
  const flags: FlagVm[] = [];
  if (e.IsHoneytoken === true) flags.push({ label: 'Honeytoken', tone: 'suspicious', detail: 'A decoy account: any use of it is suspicious.' });
  if (expiredButActive) {
    flags.push({
      label: 'Expired password, active account',
      tone: 'suspicious',
      detail: 'The password had expired before this activity, yet the account is enabled.',
    });
  }
  if (e.IsSensitive === true) flags.push({ label: 'Sensitive', tone: 'warning' });
  if (e.IsDisabled === true) flags.push({ label: 'Disabled', tone: 'neutral' });
  if (e.IsLocked === true) flags.push({ label: 'Locked out', tone: 'warning' });
  if (e.IsPasswordExpired === true) flags.push({ label: 'Password expired', tone: 'warning' });
  if (e.IsPasswordNotRequired === true) flags.push({ label: 'Password not required', tone: 'warning' });
  if (e.IsDeleted === true) flags.push({ label: 'Deleted', tone: 'neutral' });
  if (e.IsExpired === true) flags.push({ label: 'Account expired', tone: 'neutral' });
  return flags;
}

export interface CardContext {
  index: WorkspaceIndex;
  verdicts: VerdictLookup;
  externalId: string;
  alertKey: string;
  activityMs: number | undefined;
}

export function entityCard(ctx: CardContext, id: string, role: string): EntityCardVm {
  const entity = ctx.index.entity(id)?.entity;
  const expired = passwordExpiredButActive(entity, ctx.activityMs);
  const others = ctx.index.alertsReferencing(id).filter((a) => a.alert.id.trim().toLowerCase() !== ctx.alertKey).length;
  const exclusion = ctx.verdicts.exclusionFor(ctx.externalId, id);
  const card: EntityCardVm = {
    entityId: id,
    role,
    kind: entityKind(entity, role),
    name: entityLabel(entity, id),
    typeLabel: entity ? (text(entity.$type, 40) ?? 'Entity') : 'Unresolved',
    resolved: !!entity,
    hasProfile: !!ctx.index.profile(id),
    attributes: entity ? attributesOf(entity, expired) : [],
    flags: entity ? flagsOf(entity, expired) : [{ label: 'No entity file', tone: 'unknown', detail: 'No *.entity.json in the workspace has this Id.' }],
    otherAlerts: others,
  };
  if (exclusion) {
    // The ledger is a file too: coerce its fields like any other fixture value.
    const reason = nonEmpty(exclusion.reason, 500);
    card.exclusion = {
      externalId: text(exclusion.externalId, 40) ?? ctx.externalId,
      author: text(exclusion.author, 200) ?? '',
      time: text(exclusion.time, 40) ?? '',
      ...(reason ? { reason } : {}),
    };
  }
  return card;
}
