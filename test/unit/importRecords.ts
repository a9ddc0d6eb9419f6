/**
 * Import test records written from the documented schemas (Graph `alert`, Sentinel `SecurityAlert`), not
 * copied from real data. Shared by the reader and CLI tests.
 */
import { catalog } from '../../src/core/catalog';

export const ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
export const DCSYNC = catalog.get('2006')!;

/** An alerts_v2 record written from the Graph `alert` resource documentation. */
export function graphAlert(over: Record<string, unknown> = {}) {
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id: `aa${ID}`,
    providerAlertId: ID,
    incidentId: '42',
    status: 'resolved',
    severity: 'high',
    classification: 'truePositive',
    determination: 'compromisedAccount',
    serviceSource: 'microsoftDefenderForIdentity',
    detectionSource: 'microsoftDefenderForIdentity',
    detectorId: 'x',
    title: DCSYNC.name,
    description: 'LT-IT-04 replicated secrets from DC1.',
    category: 'CredentialAccess',
    alertWebUrl: `https://security.microsoft.com/alerts/aa${ID}`,
    createdDateTime: '2025-01-10T09:00:00.1234567Z',
    firstActivityDateTime: '2025-01-10T08:55:01.5Z',
    lastActivityDateTime: '2025-01-10T08:58:00Z',
    lastUpdateDateTime: '2025-01-11T10:00:00Z',
    comments: [{ comment: 'Confirmed with the owner', createdByDisplayName: 'Avery', createdDateTime: '2025-01-11T10:00:00Z' }],
    evidence: [
      { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: ['attacker'], deviceDnsName: 'lt-it-04.contoso.com', hostName: 'LT-IT-04', ntDomain: 'CONTOSO', osPlatform: 'Windows11', ipInterfaces: ['10.0.3.14'] },
      { '@odata.type': '#microsoft.graph.security.userEvidence', roles: ['compromised'], userAccount: { accountName: 'svc-backup', domainName: 'CONTOSO', userSid: 'S-1-5-21-1-2-3-1150', displayName: 'Backup service' } },
      { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: ['destination'], deviceDnsName: 'dc1.contoso.com', hostName: 'DC1' },
      { '@odata.type': '#microsoft.graph.security.ipEvidence', roles: ['contextual'], ipAddress: '10.0.3.99' },
    ],
    ...over,
  };
}

/** A SecurityAlert row written from the Sentinel table schema. */
export function sentinelRow(over: Record<string, unknown> = {}) {
  return {
    TimeGenerated: '2025-01-10T09:00:00Z', DisplayName: 'Suspected DCSync attack (replication of directory services)', AlertName: 'Suspected DCSync attack (replication of directory services)',
    AlertSeverity: 'High', Description: 'LT-IT-04 replicated secrets.', ProviderName: 'Azure Advanced Threat Protection', VendorName: 'Microsoft', VendorOriginalId: ID,
    SystemAlertId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a', ProductName: 'Azure Advanced Threat Protection', AlertType: 'DirectoryServicesReplicationSecurityAlert',
    Status: 'InProgress', CompromisedEntity: 'svc-backup', StartTime: '2025-01-10T08:55:01.5+00:00', EndTime: '2025-01-10T10:58:00+02:00',
    AlertLink: `https://contoso-corp.atp.azure.com/securityAlert/${ID}`, ExtendedProperties: JSON.stringify({ ExternalId: '2006' }),
    Entities: JSON.stringify([
      { $id: '2', HostName: 'LT-IT-04', DnsDomain: 'contoso.com', OSFamily: 'Windows', Type: 'host' },
      { $id: '3', Name: 'svc-backup', NTDomain: 'CONTOSO', Sid: 'S-1-5-21-1-2-3-1150', ObjectGuid: '0d9b1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4', Type: 'account', Host: { $ref: '2' } },
      { $ref: '3' },
      { $ref: '9' },
      { $id: '4', Address: '10.0.3.14', Type: 'ip' },
    ]),
    ...over,
  };
}
