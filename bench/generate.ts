/**
 * Generates large synthetic workspaces (contoso-style, deterministic) for benchmarks and scale tests:
 * N alerts over all phases and many external IDs, each referencing a few of M computers and users,
 * and one Unique Entity Json + one Unique Entity Profile Json per entity.
 */
import fs from 'node:fs';
import path from 'node:path';
import { catalog } from '../src/core/catalog';
import { PHASES } from '../src/core/model';

export interface GenerateOptions {
  alerts: number;
  entities: number;
  /** Network activities per alert (default 3). */
  activitiesPerAlert?: number;
}

/** A small deterministic PRNG (mulberry32), so every run generates the same files. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function guid(n: number, salt: number): string {
  const hex = (n * 2654435761 + salt * 40503).toString(16).padStart(12, '0').slice(-12);
  const s = salt.toString(16).padStart(8, '0').slice(-8);
  return `${s}-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${n.toString(16).padStart(12, '0')}`;
}

const DEPARTMENTS = ['Finance', 'Engineering', 'Sales', 'Human Resources', 'IT Operations', 'Legal'];
const SEVERITY = ['Low', 'Medium', 'High'] as const;
const STATUS = ['Open', 'Open', 'Open', 'Closed', 'Suppressed'] as const;
const CERTAINTY = ['High', 'High', 'Medium', 'Low'] as const;

export function entityId(i: number): string {
  return guid(i, 0xe7717);
}

export function makeEntity(i: number): Record<string, unknown> {
  const isUser = i % 2 === 0;
  const base = { SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: entityId(i) };
  if (isUser) {
    return {
      $type: 'User', ...base,
      SystemDisplayName: `User ${i}`, SamName: `user${i}`, UpnName: `user${i}@contoso.com`,
      DistinguishedName: `CN=User ${i},OU=Staff,DC=contoso,DC=com`, Sid: `S-1-5-21-3599243929-1086515894-1402892407-${1000 + i}`,
      Department: DEPARTMENTS[i % DEPARTMENTS.length], Mail: `user${i}@contoso.com`, PhoneNumber: `+1 425 555 ${String(i % 10000).padStart(4, '0')}`,
      IsDisabled: false, IsHoneytoken: false, IsSensitive: i % 50 === 0, PasswordExpiryTime: '2030-01-01T00:00:00Z',
    };
  }
  return {
    $type: 'Computer', ...base,
    SystemDisplayName: `WS-${i}`, SamName: `WS-${i}$`, DnsName: `ws-${i}.contoso.com`,
    DistinguishedName: `CN=WS-${i},OU=Workstations,DC=contoso,DC=com`, Sid: `S-1-5-21-3599243929-1086515894-1402892407-${1000 + i}`,
    OperatingSystemDisplayName: 'Windows 11 Enterprise', IsDomainController: false, IsServer: false, IpAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  };
}

export function makeProfile(i: number): Record<string, unknown> {
  const isUser = i % 2 === 0;
  return {
    $type: isUser ? 'UserProfile' : 'ComputerProfile', SchemaVersion: 2006106105, IsEntitySchemaChanged: false,
    UniqueEntityId: entityId(i), SystemCreationTime: '2024-01-01T00:00:00Z',
  };
}

export function makeAlert(i: number, entities: number, random: () => number, activities = 3): Record<string, unknown> {
  const types = catalog.entries();
  const type = types[i % types.length]!;
  const computer = 1 + 2 * Math.floor(random() * Math.floor(entities / 2));
  const userIdx = 2 * Math.floor(random() * Math.floor(entities / 2));
  const dest = 1 + 2 * Math.floor(random() * Math.floor(entities / 2));
  const start = Date.UTC(2024, 0, 1) + Math.floor(random() * 365 * 86400000);
  const severity = type.severities.includes(SEVERITY[i % 3]!) ? SEVERITY[i % 3]! : type.severities[0]!;
  return {
    id: guid(i, 0xa1e7),
    externalId: type.externalId,
    ...(type.alertType ? { type: type.alertType } : {}),
    title: type.name,
    description: `Synthetic alert ${i}: ${type.name} from WS-${computer}.`,
    ...(i % 7 === 0 ? { phase: PHASES[PHASES.indexOf(type.phase)] } : {}),
    severity,
    status: STATUS[i % STATUS.length],
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + 60000 * (1 + (i % 30))).toISOString(),
    url: `https://contoso-corp.atp.azure.com/securityAlert/${guid(i, 0xa1e7)}`,
    evidence: [{ time: new Date(start).toISOString(), text: `User ${userIdx} on WS-${computer} did something noteworthy.`, entityIds: [entityId(userIdx), entityId(computer)] }],
    entities: [
      { role: 'sourceComputer', id: entityId(computer) },
      { role: 'sourceUser', id: entityId(userIdx) },
      { role: 'destinationComputer', id: entityId(dest) },
    ],
    networkActivities: Array.from({ length: activities }, (_, k) => ({
      time: new Date(start + k * 1000).toISOString(),
      protocol: 'Kerberos',
      source: { ip: `10.0.${k & 255}.17`, port: 50000 + k, computerId: entityId(computer), certainty: CERTAINTY[k % 4], resolutionMethods: ['RpcNtlm', 'Cached'] },
      destination: { ip: '10.0.0.4', port: 88, computerId: entityId(dest), certainty: 'High', resolutionMethods: ['RdpTls'] },
    })),
    relatedEntityIds: [entityId(computer), entityId(userIdx), entityId(dest)],
  };
}

/**
 * Writes (once; reused when the marker says the same options) a workspace under `dir`:
 * alerts/NNNN.alert.json, entities/NNNN.entity.json, profiles/NNNN.profile.json.
 */
export function generateWorkspace(dir: string, options: GenerateOptions): string {
  const marker = path.join(dir, '.generated.json');
  const want = JSON.stringify(options);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  for (const sub of ['alerts', 'entities', 'profiles']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const random = rng(42);
  for (let i = 0; i < options.entities; i++) {
    const n = String(i).padStart(6, '0');
    fs.writeFileSync(path.join(dir, 'entities', `${n}.entity.json`), JSON.stringify(makeEntity(i), null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'profiles', `${n}.profile.json`), JSON.stringify(makeProfile(i), null, 2) + '\n');
  }
  for (let i = 0; i < options.alerts; i++) {
    const n = String(i).padStart(6, '0');
    fs.writeFileSync(path.join(dir, 'alerts', `${n}.alert.json`), JSON.stringify(makeAlert(i, options.entities, random, options.activitiesPerAlert), null, 2) + '\n');
  }
  fs.writeFileSync(marker, want);
  return dir;
}

/** The standard large workspace: 10 000 alerts + 10 000 entities + 10 000 profiles (30 000 files). */
export function largeWorkspace(root: string, quick = false): string {
  const opts = quick ? { alerts: 500, entities: 500 } : { alerts: 10000, entities: 10000 };
  return generateWorkspace(path.join(root, 'bench', 'generated', `ws-${opts.alerts}-${opts.entities}`), opts);
}
