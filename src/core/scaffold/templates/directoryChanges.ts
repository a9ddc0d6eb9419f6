/**
 * Domain dominance through changes to the directory and the certification authority: sensitive groups,
 * honeytokens, delegation, AdminSdHolder, AD FS, AD CS, DSRM and Group Policy.
 */
import type { AlertTemplate } from '../types';
import { attackedAccount, destinationComputer, domainController, related, sourceComputer, sourceUser } from './slots';

const DIRECTORY_CHANGE = 5136;

export const DIRECTORY_CHANGES: AlertTemplate[] = [
  {
    externalId: '2024', slug: 'sensitive-group-addition',
    slots: [sourceUser('admin'), related('member', 'User', 'service'), related('group', 'Group', 'group', 'Domain Admins'), domainController()],
    duration: [0, 2],
    description: '{sourceUser} added {member} to {group}.',
    evidence: ['{sourceUser} added {member} to {group} on {domainController}.'],
    events: [{ eventId: 4728, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', memberName: '{member.dn}', targetUserName: '{group.sam}' } }],
  },
  {
    externalId: '2420', slug: 'adfs-trust-modification',
    slots: [sourceUser('admin'), sourceComputer('server', 'ADFS'), domainController()],
    description: '{sourceUser} on {sourceComputer} changed the federation trust of the AD FS server: a new token-signing certificate was added.',
    evidence: ['{sourceUser} modified the AD FS federation settings of {domain} on {domainController} from {sourceComputer}.'],
    events: [{ eventId: DIRECTORY_CHANGE, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectDn: 'CN=ADFS,CN=Microsoft,CN=Program Data,{domainDn}', attribute: 'msDS-TokenSigningCertificate', operation: 'Value Added' } }],
  },
  {
    externalId: '2421', slug: 'dnshostname-modification',
    slots: [sourceUser(), sourceComputer(), attackedAccount(undefined, 'workstation'), domainController()],
    description: '{sourceUser} set the dNSHostName of {attackedAccount} to the name of {domainController} (CVE-2022-26923), to obtain a certificate as the domain controller.',
    evidence: [
      '{sourceUser} on {sourceComputer} changed dNSHostName of {attackedAccount} to {domainController.dns}.',
      'A certificate was then requested for {attackedAccount}.',
    ],
    events: [{ eventId: 4742, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', targetUserName: '{attackedAccount.sam}', dnsHostName: '{domainController.dns}' } }],
  },
  {
    externalId: '2422', slug: 'new-computer-delegation',
    slots: [sourceUser(), sourceComputer(), domainController()],
    vars: { minutes: [2, 50] },
    description: '{sourceComputer}, created {$minutes} minutes earlier by {sourceUser}, requested a delegated Kerberos ticket.',
    evidence: [
      '{sourceUser} created the computer account {sourceComputer}.',
      '{sourceComputer} sent an S4U2Self request to {domainController} for an administrator of {domain}.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'TgsReq', extension: 'S4U2Self', impersonated: 'Administrator' } }],
  },
  {
    externalId: '2423', slug: 'rbcd-modification',
    slots: [sourceComputer(), attackedAccount(undefined, 'server'), domainController()],
    description: 'The machine account {sourceComputer} set resource-based constrained delegation on {attackedAccount}, allowing itself to impersonate any user to it.',
    evidence: ['{sourceComputer} wrote msDS-AllowedToActOnBehalfOfOtherIdentity of {attackedAccount} on {domainController}.'],
    events: [{ eventId: DIRECTORY_CHANGE, on: 'domainController', details: { subjectUserName: '{sourceComputer.sam}', objectDn: '{attackedAccount.dn}', attribute: 'msDS-AllowedToActOnBehalfOfOtherIdentity', operation: 'Value Added' } }],
  },
  {
    externalId: '2427', slug: 'honeytoken-attributes-modified',
    slots: [sourceUser('admin'), attackedAccount(undefined, 'honeytoken'), domainController()],
    duration: [0, 2],
    description: '{sourceUser} modified attributes of the honeytoken account {attackedAccount}.',
    evidence: ['{sourceUser} changed servicePrincipalName of {attackedAccount} on {domainController}.'],
    events: [{ eventId: DIRECTORY_CHANGE, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectDn: '{attackedAccount.dn}', attribute: 'servicePrincipalName', operation: 'Value Added' } }],
  },
  {
    externalId: '2428', slug: 'honeytoken-group-changed',
    slots: [sourceUser('admin'), related('member', 'User', 'user'), related('group', 'Group', 'group', 'Tier 0 Break Glass'), domainController()],
    duration: [0, 2],
    description: 'The membership of the honeytoken group {group} changed: {sourceUser} added {member}.',
    evidence: ['{sourceUser} added {member} to {group} on {domainController}.'],
    events: [{ eventId: 4728, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', memberName: '{member.dn}', targetUserName: '{group.sam}' } }],
  },
  {
    externalId: '2430', slug: 'adminsdholder-modification',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} changed the permissions of the AdminSDHolder object: they spread to every protected account within an hour.',
    evidence: ['{sourceUser} modified nTSecurityDescriptor of CN=AdminSDHolder,CN=System,{domainDn} on {domainController}.'],
    events: [{ eventId: DIRECTORY_CHANGE, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectDn: 'CN=AdminSDHolder,CN=System,{domainDn}', attribute: 'nTSecurityDescriptor', operation: 'Value Added' } }],
  },
  {
    externalId: '2432', slug: 'esc8-certificate-request',
    slots: [sourceComputer(), domainController(), destinationComputer('server', 'CA')],
    description: '{sourceComputer} requested a certificate for {domainController} from the web enrollment of {destinationComputer} with a relayed authentication (ESC8).',
    evidence: [
      '{sourceComputer} relayed the NTLM authentication of {domainController} to {destinationComputer}.',
      'A certificate with the DomainController template was issued for {domainController}.',
    ],
    network: [{ protocol: 'Http', from: 'sourceComputer', to: 'destinationComputer', port: 80, details: { path: '/certsrv/certfnsh.asp', template: 'DomainController', relayedAccount: '{domainController.sam}' } }],
  },
  {
    externalId: '2433', slug: 'certificate-database-deletion',
    slots: [sourceUser('admin'), destinationComputer('server', 'CA')],
    vars: { rows: [20, 900] },
    description: '{sourceUser} deleted {$rows} entries from the certificate database of {destinationComputer}.',
    evidence: ['{sourceUser} deleted {$rows} rows from the certificate database on {destinationComputer}.'],
    events: [{ eventId: 4896, on: 'destinationComputer', details: { subjectUserName: '{sourceUser.sam}', rowsDeleted: '{$rows}', table: 'Request' } }],
  },
  {
    externalId: '2434', slug: 'adcs-audit-filter-disabled',
    slots: [sourceUser('admin'), destinationComputer('server', 'CA')],
    duration: [0, 2],
    description: '{sourceUser} disabled the audit filters of the certification authority on {destinationComputer}.',
    evidence: ['{sourceUser} changed the audit filter of Certificate Services on {destinationComputer} from 127 to 0.'],
    events: [{ eventId: 4885, on: 'destinationComputer', details: { subjectUserName: '{sourceUser.sam}', oldFilter: 127, newFilter: 0 } }],
  },
  {
    externalId: '2435', slug: 'adcs-permissions-modified',
    slots: [sourceUser('admin'), destinationComputer('server', 'CA')],
    duration: [0, 2],
    description: '{sourceUser} changed the security permissions of the certification authority on {destinationComputer}.',
    evidence: ['{sourceUser} granted Manage CA and Manage Certificates to Authenticated Users on {destinationComputer}.'],
    events: [{ eventId: 4882, on: 'destinationComputer', details: { subjectUserName: '{sourceUser.sam}', permissions: 'Authenticated Users: Manage CA, Manage Certificates' } }],
  },
  {
    externalId: '2438', slug: 'dsrm-password-change',
    slots: [sourceUser('admin'), domainController()],
    duration: [0, 2],
    description: '{sourceUser} changed the Directory Services Restore Mode password of {domainController}.',
    evidence: ['{sourceUser} set the DSRM administrator password on {domainController}.'],
    events: [{ eventId: 4794, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', workstation: '{domainController}', status: '0x0' } }],
  },
  {
    externalId: '2440', slug: 'group-policy-tampering',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} modified a Group Policy object to run a scheduled task on the computers it applies to.',
    evidence: ['{sourceUser} changed gPCMachineExtensionNames of the Default Domain Policy on {domainController}, adding a scheduled task.'],
    events: [{ eventId: DIRECTORY_CHANGE, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectDn: 'CN={31B2F340-016D-11D2-945F-00C04FB984F9},CN=Policies,CN=System,{domainDn}', attribute: 'gPCMachineExtensionNames', operation: 'Value Added' } }],
  },
];
