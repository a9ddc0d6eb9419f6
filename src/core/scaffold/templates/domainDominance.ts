/** Domain dominance through forged tickets, replication and code execution on domain controllers. */
import type { AlertTemplate } from '../types';
import { attackedAccount, destinationComputer, domainController, sourceComputer, sourceUser } from './slots';

const KERBEROS_TGS = { protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88 } as const;

export const DOMAIN_DOMINANCE: AlertTemplate[] = [
  {
    externalId: '1106', slug: 'sid-history-injection',
    slots: [sourceUser('admin'), sourceComputer(), attackedAccount(), domainController()],
    description: '{sourceUser} on {sourceComputer} added the SID of Domain Admins to the SID history of {attackedAccount}.',
    evidence: ['{sourceUser} wrote the sIDHistory of {attackedAccount} on {domainController}: {domainSid}-512 (Domain Admins).'],
    events: [{ eventId: 4765, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', targetUserName: '{attackedAccount.sam}', sidHistory: '{domainSid}-512' } }],
  },
  {
    externalId: '2006', slug: 'dcsync',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    vars: { secrets: [2, 40] },
    description: '{sourceUser} on {sourceComputer} sent a directory replication request to {domainController}.',
    evidence: [
      '{sourceUser} on {sourceComputer} requested replication of {$secrets} secrets from {domainController}, including the krbtgt account.',
      'The replication request succeeded.',
    ],
    network: [{ protocol: 'Drsr', from: 'sourceComputer', to: 'domainController', port: 135, details: { operation: 'GetNCChanges', result: 'Success' } }],
    events: [{ eventId: 4662, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectType: 'domainDNS', accessMask: '0x100', properties: '1131f6aa-9c07-11d1-f79f-00c04fc2dcd2' } }],
  },
  {
    externalId: '2009', slug: 'golden-ticket-encryption-downgrade',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} used a ticket-granting ticket encrypted with RC4, while the domain issues AES tickets: suspected Golden Ticket.',
    evidence: ['{sourceComputer} presented a TGT of {sourceUser} encrypted with RC4 to {domainController}.'],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'TgsReq', ticketEncryptionType: 'Rc4Hmac', expectedEncryptionType: 'Aes256CtsHmacSha196' } }],
  },
  {
    externalId: '2010', slug: 'skeleton-key',
    slots: [sourceComputer(), domainController()],
    description: 'An encryption downgrade on {domainController} suggests that a Skeleton Key was injected into its memory; {sourceComputer} authenticated with the downgraded encryption.',
    evidence: [
      '{domainController} answered Kerberos requests from {sourceComputer} with RC4 only.',
      'AES encryption stopped being offered by {domainController}.',
    ],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'AsReq', encryptionType: 'Rc4Hmac', anomaly: 'Encryption downgrade on the domain controller' } }],
  },
  {
    externalId: '2013', slug: 'golden-ticket-forged-pac',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} used a Kerberos ticket with forged authorization data (MS14-068).',
    evidence: ['{sourceComputer} sent a ticket of {sourceUser} to {domainController} whose PAC was signed with an MD5 checksum instead of the KDC key.'],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'TgsReq', pacChecksum: 'Md5', anomaly: 'Forged PAC' } }],
  },
  {
    externalId: '2019', slug: 'remote-code-execution',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} attempted to run code remotely on {domainController} through WMI.',
    evidence: ['{sourceUser} on {sourceComputer} called Win32_Process.Create on {domainController}.'],
    network: [{ protocol: 'Wmi', from: 'sourceComputer', to: 'domainController', port: 135, details: { method: 'Win32_Process.Create', commandLine: 'cmd.exe /c whoami /all' } }],
  },
  {
    externalId: '2020', slug: 'dpapi-backup-key',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} requested the Data Protection API domain backup master key from {domainController}.',
    evidence: ['{sourceUser} on {sourceComputer} called LsarRetrievePrivateData for G$BCKUPKEY_PREFERRED on {domainController}.'],
    network: [{ protocol: 'Lsarpc', from: 'sourceComputer', to: 'domainController', port: 445, details: { operation: 'LsarRetrievePrivateData', secret: 'G$BCKUPKEY_PREFERRED' } }],
  },
  {
    externalId: '2022', slug: 'golden-ticket-time-anomaly',
    slots: [sourceUser(), sourceComputer(), domainController()],
    vars: { hours: [8760, 87600] },
    description: '{sourceUser} on {sourceComputer} used a ticket-granting ticket valid for {$hours} hours, more than the domain policy allows: suspected Golden Ticket.',
    evidence: ['{sourceComputer} presented a TGT of {sourceUser} to {domainController} with a lifetime of {$hours} hours (policy: 10).'],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'TgsReq', ticketLifetimeHours: '{$hours}', policyLifetimeHours: 10 } }],
  },
  {
    externalId: '2026', slug: 'suspicious-service-creation',
    slots: [sourceUser('admin'), sourceComputer(), destinationComputer('server')],
    description: '{sourceUser} on {sourceComputer} created a suspicious service on {destinationComputer} that runs a command line.',
    evidence: ['{sourceUser} on {sourceComputer} created the service "PSEXESVC2" on {destinationComputer}.'],
    events: [{ eventId: 7045, on: 'destinationComputer', provider: 'Service Control Manager', details: { serviceName: 'PSEXESVC2', imagePath: '%COMSPEC% /c powershell -nop -w hidden -enc', accountName: 'LocalSystem' } }],
    network: [{ protocol: 'Rpc', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { interface: 'MS-SCMR', operation: 'RCreateServiceW' } }],
  },
  {
    externalId: '2027', slug: 'golden-ticket-nonexistent-account',
    slots: [sourceComputer(), domainController()],
    description: '{sourceComputer} used a Kerberos ticket of an account that does not exist in Active Directory: suspected Golden Ticket.',
    evidence: ['{sourceComputer} presented to {domainController} a TGT for the account "svc-ghost", which does not exist in {domain}.'],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'TgsReq', account: 'svc-ghost', anomaly: 'Nonexistent account' } }],
  },
  {
    externalId: '2028', slug: 'dcshadow-promotion',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    description: '{sourceUser} registered {sourceComputer} as a domain controller on {domainController}: suspected DCShadow.',
    evidence: ['{sourceUser} created an nTDSDSA object for {sourceComputer} in the configuration partition on {domainController}.'],
    events: [{ eventId: 5137, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectClass: 'nTDSDSA', objectDn: 'CN=NTDS Settings,CN={sourceComputer},CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,{domainDn}' } }],
  },
  {
    externalId: '2029', slug: 'dcshadow-replication',
    slots: [sourceComputer(), domainController()],
    description: '{sourceComputer}, which is not a domain controller, asked {domainController} to replicate changes from it: suspected DCShadow.',
    evidence: ['{sourceComputer} sent a DRSReplicaAdd request to {domainController}.'],
    network: [{ protocol: 'Drsr', from: 'sourceComputer', to: 'domainController', port: 135, details: { operation: 'DRSReplicaAdd', result: 'Success' } }],
  },
  {
    externalId: '2032', slug: 'golden-ticket-ticket-anomaly',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} used a ticket-granting ticket with anomalous fields: suspected Golden Ticket.',
    evidence: ['{sourceComputer} presented a TGT of {sourceUser} to {domainController} whose PAC lacks fields every ticket of {domain} carries.'],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'TgsReq', anomaly: 'Ticket structure' } }],
  },
  {
    externalId: '2040', slug: 'golden-ticket-rbcd',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} used a ticket obtained through resource-based constrained delegation to the krbtgt service: suspected Golden Ticket.',
    evidence: ['{sourceComputer} requested a ticket for krbtgt on behalf of {sourceUser} through S4U2Proxy from {domainController}.'],
    network: [{ ...KERBEROS_TGS, details: { requestType: 'TgsReq', extension: 'S4U2Proxy', service: 'krbtgt/{domain}' } }],
  },
];
