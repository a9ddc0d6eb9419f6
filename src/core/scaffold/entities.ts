/**
 * Entities for a new fixture: views of workspace entities the user chose, and new Unique Entity Json and
 * Profile Json documents, with pseudonymous names, SIDs, GUIDs and addresses from the shared generator.
 * New entities carry `IsPartial: true`: they were invented, not read from a directory.
 */
import type { UniqueEntity, UniqueEntityProfile } from '../model';
import { seededComputer, seededDomain, type NameSource } from './names';
import type { Random } from './random';
import type { DomainView, EntityView } from './render';
import type { Flavor, SlotSpec } from './types';
import { lookupTable } from '../../shared/lookupTable';

const SCHEMA_VERSION = 2006106105;
const DAY = 86_400_000;

export interface DomainFacts extends DomainView {
  id: string;
}

export interface NewEntity {
  entity: UniqueEntity;
  profile: UniqueEntityProfile;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const dnOf = (dns: string) => dns.split('.').map((l) => `DC=${l}`).join(',');
const escapeRdn = (v: string) => v.replace(/([,\\#+<>;"=])/g, '\\$1');

/**
 * The domain new entities join: the workspace's Domain entity; else what its users and computers say
 * (UPN and DNS suffixes, SID prefix, DomainId); else an invented one (returned as `created`).
 */
export function domainFacts(entities: UniqueEntity[], names: NameSource, seed: string): { facts: DomainFacts; created?: NewEntity } {
  const domain = entities.find((e) => e.$type === 'Domain' && str(e.DnsName));
  if (domain) {
    const dns = str(domain.DnsName)!;
    return { facts: { id: domain.Id, dns, netbios: dns.split('.')[0]!.toUpperCase(), sid: str(domain.Sid) ?? names.domainSid(dns), dn: str(domain.DistinguishedName) ?? dnOf(dns) } };
  }
  const member = entities.find((e) => str(e.DomainId) && str(e.Sid)?.startsWith('S-1-5-21-') && (str(e.DnsName) ?? str(e.UpnName)));
  if (member) {
    const suffix = (str(member.DnsName) ?? str(member.UpnName)!).replace(/^[^.@]*[.@]/, '');
    const sid = str(member.Sid)!.replace(/-\d+$/, '');
    return { facts: { id: str(member.DomainId)!, dns: suffix, netbios: suffix.split('.')[0]!.toUpperCase(), sid, dn: dnOf(suffix) } };
  }
  const dns = seededDomain(names, seed);
  const facts: DomainFacts = { id: names.guid(`domain/${seed}`), dns, netbios: dns.split('.')[0]!.toUpperCase(), sid: names.domainSid(`domain/${seed}`), dn: dnOf(dns) };
  const created = Date.parse('2016-03-30T09:00:00Z');
  const entity: UniqueEntity = {
    $type: 'Domain', SchemaVersion: SCHEMA_VERSION, IsEntitySchemaChanged: false, Id: facts.id, SystemDisplayName: dns, DnsName: dns,
    DistinguishedName: facts.dn, CanonicalName: `${dns}/`, Sid: facts.sid, CreationTime: iso(created), IsSensitive: false, IsDeleted: false, IsPartial: true,
  };
  return { facts, created: { entity, profile: profileFor(entity, 'DomainProfile', created, Date.parse('2025-01-01T00:00:00Z')) } };
}

/** How a workspace entity reads in a fixture; missing attributes are derived so text never says "undefined". */
export function viewOf(entity: UniqueEntity, domain: DomainFacts, names: NameSource): EntityView {
  const name = str(entity.SystemDisplayName) ?? str(entity.SamName) ?? entity.Id;
  const sam = str(entity.SamName) ?? (entity.$type === 'Computer' ? `${name}$` : name);
  return {
    id: entity.Id,
    name,
    sam,
    dns: str(entity.DnsName) ?? `${name.toLowerCase()}.${domain.dns}`,
    ip: str(entity.IpAddress) ?? names.ipv4(`ip/${entity.Id}`),
    dn: str(entity.DistinguishedName) ?? `CN=${escapeRdn(name)},${domain.dn}`,
    upn: str(entity.UpnName) ?? `${sam}@${domain.dns}`,
  };
}

const DEPARTMENTS = ['Finance', 'Sales', 'Engineering', 'Human Resources', 'Legal', 'Marketing'];
const SERVICE_WORDS = ['reports', 'sync', 'web', 'backup', 'print', 'crm'];
const WELL_KNOWN_GROUP_RIDS: Record<string, number> = lookupTable({ 'Domain Admins': 512, 'Schema Admins': 518, 'Enterprise Admins': 519, 'Group Policy Creator Owners': 520 });

/**
 * A new entity for one slot. `key` makes it unique and reproducible (seed, alert number, slot, index);
 * `at` is the alert's start, so the account exists and its password is valid then.
 */
export function newEntity(slot: SlotSpec, key: string, domain: DomainFacts, names: NameSource, random: Random, at: number): NewEntity {
  const id = names.guid(`entity/${key}`);
  const created = at - random.int(200, 2400) * DAY;
  const common = {
    SchemaVersion: SCHEMA_VERSION, IsEntitySchemaChanged: false, Id: id,
  };
  const flags = (over: Record<string, unknown> = {}) => ({
    IsDisabled: false, IsExpired: false, IsHoneytoken: false, IsLocked: false, IsPasswordExpired: false, IsPasswordNeverExpires: false,
    IsPasswordNotRequired: false, IsSmartcardRequired: false, IsSensitive: false, IsDeleted: false, ...over,
  });
  // Only the RID comes from the generator: the domain part is the workspace domain's, as in real SIDs.
  const sid = `${domain.sid}-${names.accountSid(domain.dns, key).split('-').pop()}`;
  const password = at - random.int(5, 300) * DAY;
  const tail = {
    DomainId: domain.id, CreationTime: iso(created), PasswordUpdateTime: iso(password),
  };
  let entity: UniqueEntity;
  if (slot.kind === 'Computer') {
    const role = slot.flavor === 'domainController' ? 'DC' : slot.flavor === 'server' ? (slot.hint ?? 'SRV') : 'WS';
    const name = seededComputer(names, key, role);
    const dns = `${name.toLowerCase()}.${domain.dns}`;
    const ou = slot.flavor === 'domainController' ? 'OU=Domain Controllers' : slot.flavor === 'server' ? 'OU=Servers,OU=Corp Computers' : 'OU=Workstations,OU=Corp Computers';
    const isDc = slot.flavor === 'domainController';
    entity = {
      $type: 'Computer', ...common, SystemDisplayName: name, SamName: `${name}$`, DnsName: dns, DistinguishedName: `CN=${name},${ou},${domain.dn}`,
      CanonicalName: `${domain.dns}/${ou.split(',').reverse().map((p) => p.slice(3)).join('/')}/${name}`, Sid: sid, ...tail,
      PasswordExpiryTime: null, ExpiryTime: null, BadPasswordTime: null, LockoutTime: null, ...flags({ IsSensitive: isDc }),
      OperatingSystemDisplayName: slot.flavor === 'workstation' ? 'Windows 11 Enterprise' : 'Windows Server 2022 Standard',
      IsDomainController: isDc, IsServer: slot.flavor !== 'workstation', DomainController: isDc ? { IsGlobalCatalog: true, IsPrimary: false, IsReadOnly: false } : null,
      Spns: [`HOST/${name}`, `HOST/${dns}`, ...(isDc ? [`ldap/${dns}`] : [])], IpAddress: names.ipv4(`ip/${key}`), IsPartial: true,
    };
  } else if (slot.kind === 'Group') {
    const name = slot.hint ?? 'Domain Admins';
    const rid = WELL_KNOWN_GROUP_RIDS[name];
    const dn = rid ? `CN=${name},CN=Users,${domain.dn}` : `CN=${escapeRdn(name)},OU=Groups,${domain.dn}`;
    entity = {
      $type: 'Group', ...common, SystemDisplayName: name, SamName: name, DistinguishedName: dn,
      CanonicalName: `${domain.dns}/${rid ? 'Users' : 'Groups'}/${name}`, Sid: rid ? `${domain.sid}-${rid}` : sid, DomainId: domain.id, CreationTime: iso(created),
      IsSensitive: true, IsDeleted: false, GroupType: ['Global', 'Security'], MemberIds: [], IsPartial: true,
    };
  } else {
    const times = { CreationTime: iso(created), PasswordUpdateTime: iso(password), PasswordExpiryTime: iso(password + 1095 * DAY) };
    entity = newUser(slot.flavor, key, domain, names, random, { Id: id, Sid: sid }, times, flags);
  }
  const profileType = `${entity.$type}Profile`;
  return { entity, profile: profileFor(entity, profileType, created, at) };
}

function newUser(
  flavor: Flavor, key: string, domain: DomainFacts, names: NameSource, random: Random,
  ids: { Id: string; Sid: string }, times: Record<string, string>, flags: (over?: Record<string, unknown>) => Record<string, unknown>,
): UniqueEntity {
  const person = names.person(`user/${key}`);
  let display = person.displayName;
  let sam = person.samName;
  let ou = 'OU=Corp Users';
  let department = random.pick(DEPARTMENTS);
  let extra: Record<string, unknown> = {};
  let spns: string[] | undefined;
  if (flavor === 'admin') {
    display = `${person.displayName} (admin)`;
    sam = `adm-${person.samName}`;
    ou = 'OU=Admin Accounts';
    department = 'IT Operations';
    extra = { IsSensitive: true };
  } else if (flavor === 'service') {
    const word = random.pick(SERVICE_WORDS);
    display = `${word[0]!.toUpperCase()}${word.slice(1)} Service`;
    sam = `svc-${word}`;
    ou = 'OU=Service Accounts';
    department = 'IT Operations';
    extra = { IsPasswordNeverExpires: true };
    spns = [`HTTP/${word}.${domain.dns}`];
  } else if (flavor === 'honeytoken') {
    extra = { IsHoneytoken: true };
  }
  const person_ = flavor === 'user' || flavor === 'honeytoken';
  const upn = `${person_ ? `${person.givenName}.${person.surname}`.toLowerCase() : sam}@${domain.dns}`;
  const userOu = person_ ? `OU=${department},${ou}` : ou;
  return {
    $type: 'User', SchemaVersion: SCHEMA_VERSION, IsEntitySchemaChanged: false, Id: ids.Id,
    SystemDisplayName: display, SamName: sam, UpnName: upn,
    DistinguishedName: `CN=${escapeRdn(display)},${userOu},${domain.dn}`,
    CanonicalName: `${domain.dns}/${userOu.split(',').reverse().map((p) => p.slice(3)).join('/')}/${display}`,
    Sid: ids.Sid, DomainId: domain.id, ...times, ExpiryTime: null, BadPasswordTime: null, LockoutTime: null,
    ...flags(extra), Department: department, Mail: upn, PhoneNumber: names.phone('+1 425 555 0100'),
    ...(spns ? { Spns: spns } : {}), IsPartial: true,
  };
}

/** A short profile: the entity was seen on the alert's day, at the alert's hour. */
function profileFor(entity: UniqueEntity, type: string, created: number, seen: number): UniqueEntityProfile {
  const day = iso(seen).slice(0, 10);
  return {
    $type: type, SchemaVersion: SCHEMA_VERSION, IsEntitySchemaChanged: false, UniqueEntityId: entity.Id,
    SystemCreationTime: iso(Math.max(created, seen - 400 * DAY)), LastSeenTime: iso(seen),
    ActiveDates: [day], DateToActiveHoursMap: { [day]: [new Date(seen).getUTCHours()] }, IsBehaviorChanged: false,
  };
}
