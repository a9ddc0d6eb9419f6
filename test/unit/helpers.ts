import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A throwaway folder with the given files (objects are written as pretty JSON). Removed after the file's tests. */
export function tempWorkspace(files: Record<string, string | object | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-unit-'));
  for (const [rel, content] of Object.entries(files)) writeFixture(root, rel, content);
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

export function writeFixture(root: string, rel: string, content: string | object | Uint8Array): string {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const data = typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2) + '\n';
  fs.writeFileSync(full, data);
  return full;
}

export const GUID = {
  alert1: '591f9769-d904-40b1-89fa-c307c2ca814f',
  alert2: '0b8d1f0e-6a55-4c1e-9a0b-6f3d0e6b2c11',
  user: 'd1a1b2c3-0000-4000-8000-000000000001',
  computer: 'c0c0c0c0-0000-4000-8000-000000000002',
  dc: 'dcdcdcdc-0000-4000-8000-000000000003',
};

export function alert(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: GUID.alert1,
    externalId: '2007',
    type: 'DnsReconnaissanceSecurityAlert',
    title: 'Network mapping reconnaissance (DNS)',
    severity: 'Medium',
    status: 'Open',
    startTime: '2024-01-02T10:04:11.2170000Z',
    endTime: '2024-01-02T10:09:45Z',
    entities: [
      { role: 'sourceComputer', id: GUID.computer },
      { role: 'dnsServer', id: GUID.dc },
    ],
    ...overrides,
  };
}

export function user(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $type: 'User',
    SchemaVersion: 2006106105,
    IsEntitySchemaChanged: false,
    Id: GUID.user,
    SystemDisplayName: 'Avery Lindqvist',
    SamName: 'alindqvist',
    Sid: 'S-1-5-21-3599243929-1086515894-1402892407-1105',
    IsDisabled: false,
    ...overrides,
  };
}

export function computer(id: string, name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $type: 'Computer',
    SchemaVersion: 2006106105,
    IsEntitySchemaChanged: false,
    Id: id,
    SystemDisplayName: name,
    SamName: `${name}$`,
    IsDomainController: false,
    ...overrides,
  };
}

export function profile(entityId: string, type = 'UserProfile'): Record<string, unknown> {
  return { $type: type, SchemaVersion: 2006106105, IsEntitySchemaChanged: false, UniqueEntityId: entityId };
}

/**
 * The kill-chain phase of a raw alert as the catalog file says (its own valid `phase` wins, else the
 * catalog's phase for its external ID), read here from the JSON rather than through src/core/catalog,
 * so tree tests do not take their expectations from the code they test.
 */
export function expectedPhase(alert: Record<string, unknown>): string | undefined {
  const data = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'src', 'core', 'data', 'alert-catalog.json'), 'utf8')) as {
    phases: string[];
    alerts: { externalId: string; phase: string }[];
  };
  if (typeof alert.phase === 'string' && data.phases.includes(alert.phase)) return alert.phase;
  return data.alerts.find((a) => a.externalId === alert.externalId)?.phase;
}
