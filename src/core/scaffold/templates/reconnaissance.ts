/** Reconnaissance: the attacker maps accounts, groups, sessions and the DNS zone. */
import type { AlertTemplate } from '../types';
import { attackedAccount, dnsServer, domainController, sourceComputer, sourceUser } from './slots';

export const RECONNAISSANCE: AlertTemplate[] = [
  {
    externalId: '2003', slug: 'account-enumeration',
    slots: [sourceComputer(), domainController(), attackedAccount([2, 4])],
    vars: { tried: [60, 900] },
    description: 'Suspicious account enumeration activity using Kerberos protocol, originating from {sourceComputer}, was detected. The attacker guessed {$tried} account names; {attackedAccount.count} of them exist in the domain.',
    evidence: [
      '{sourceComputer} sent Kerberos requests for {$tried} account names to {domainController}.',
      'Accounts that exist: {attackedAccount}.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', errorCode: 'KDC_ERR_C_PRINCIPAL_UNKNOWN', namesTried: '{$tried}' } }],
  },
  {
    externalId: '2007', slug: 'dns-reconnaissance',
    slots: [sourceComputer(), dnsServer([1, 2])],
    vars: { queries: [4, 40] },
    description: '{sourceComputer} ran DNS zone transfer queries against {dnsServer}.',
    evidence: [
      '{sourceComputer} sent {$queries} AXFR queries for {domain} to {dnsServer}.',
      'The zone transfer requests were refused.',
    ],
    network: [{ protocol: 'Dns', from: 'sourceComputer', to: 'dnsServer', port: 53, details: { query: '{domain}', recordType: 'Axfr', responseCode: 'Refused' } }],
  },
  {
    externalId: '2012', slug: 'smb-session-enumeration',
    slots: [sourceUser(), sourceComputer(), domainController()],
    vars: { sessions: [5, 60] },
    description: '{sourceUser} on {sourceComputer} enumerated SMB sessions on {domainController}, retrieving the IP addresses of {$sessions} logged-on accounts.',
    evidence: [
      '{sourceUser} on {sourceComputer} enumerated the SMB sessions of {domainController}.',
      'The enumeration exposed {$sessions} accounts and their IP addresses.',
    ],
    network: [{ protocol: 'Smb', from: 'sourceComputer', to: 'domainController', port: 445, details: { operation: 'NetSessionEnum', sessionsReturned: '{$sessions}' } }],
  },
  {
    externalId: '2021', slug: 'samr-reconnaissance',
    slots: [sourceUser(), sourceComputer(), domainController()],
    vars: { users: [3, 40] },
    description: '{sourceUser} on {sourceComputer} performed suspicious SAMR queries against {domainController}, asking for the members of sensitive groups.',
    evidence: [
      '{sourceUser} on {sourceComputer} queried {domainController} over SAMR for Domain Admins and Enterprise Admins.',
      '{$users} users were queried.',
    ],
    network: [{ protocol: 'Samr', from: 'sourceComputer', to: 'domainController', port: 445, details: { operations: 'QueryGroupMembership, QueryUserInformation', groups: 'Domain Admins, Enterprise Admins' } }],
  },
  {
    externalId: '2038', slug: 'ldap-principal-reconnaissance',
    slots: [sourceUser(), sourceComputer(), domainController()],
    vars: { results: [20, 400] },
    description: '{sourceUser} on {sourceComputer} ran suspicious LDAP enumeration queries against {domainController}, searching for accounts with service principal names.',
    evidence: [
      '{sourceUser} on {sourceComputer} searched {domainController} with the filter (&(objectCategory=person)(servicePrincipalName=*)).',
      'The searches returned {$results} security principals.',
    ],
    network: [{ protocol: 'Ldap', from: 'sourceComputer', to: 'domainController', port: 389, details: { filter: '(&(objectCategory=person)(servicePrincipalName=*))', scope: 'Subtree', results: '{$results}' } }],
  },
  {
    externalId: '2210', slug: 'ldap-attribute-reconnaissance',
    slots: [sourceUser(), sourceComputer(), domainController()],
    vars: { objects: [10, 300] },
    description: '{sourceUser} on {sourceComputer} queried sensitive Active Directory attributes of {$objects} objects from {domainController} over LDAP.',
    evidence: [
      '{sourceUser} on {sourceComputer} read ms-Mcs-AdmPwd and msDS-KeyCredentialLink from {domainController}.',
      'Attributes of {$objects} objects were returned.',
    ],
    network: [{ protocol: 'Ldap', from: 'sourceComputer', to: 'domainController', port: 389, details: { attributes: 'ms-Mcs-AdmPwd, msDS-KeyCredentialLink', scope: 'Subtree', results: '{$objects}' } }],
  },
  {
    externalId: '2429', slug: 'honeytoken-ldap-query',
    slots: [sourceUser(), sourceComputer(), attackedAccount(undefined, 'honeytoken'), domainController()],
    duration: [0, 2],
    description: '{sourceUser} on {sourceComputer} queried the honeytoken account {attackedAccount} over LDAP.',
    evidence: ['{sourceUser} on {sourceComputer} read the attributes of {attackedAccount} from {domainController} over LDAP.'],
    network: [{ protocol: 'Ldap', from: 'sourceComputer', to: 'domainController', port: 389, details: { filter: '(sAMAccountName={attackedAccount.sam})', scope: 'Subtree', results: 1 } }],
  },
  {
    externalId: '2437', slug: 'ldap-account-enumeration',
    slots: [sourceComputer(), domainController(), attackedAccount([2, 4])],
    vars: { tried: [80, 1200] },
    description: 'Suspicious account enumeration activity using LDAP, originating from {sourceComputer}, was detected. {$tried} account names were tried; {attackedAccount.count} of them exist.',
    evidence: [
      '{sourceComputer} sent LDAP ping requests for {$tried} account names to {domainController}.',
      'Accounts that exist: {attackedAccount}.',
    ],
    network: [{ protocol: 'Ldap', from: 'sourceComputer', to: 'domainController', port: 389, details: { transport: 'Cldap', request: 'NetLogon ping', namesTried: '{$tried}' } }],
  },
  {
    externalId: '2439', slug: 'honeytoken-samr-query',
    slots: [sourceUser(), sourceComputer(), attackedAccount(undefined, 'honeytoken'), domainController()],
    duration: [0, 2],
    description: '{sourceUser} on {sourceComputer} queried the honeytoken account {attackedAccount} over SAM-R.',
    evidence: ['{sourceUser} on {sourceComputer} queried {domainController} over SAM-R for the account {attackedAccount}.'],
    network: [{ protocol: 'Samr', from: 'sourceComputer', to: 'domainController', port: 445, details: { operation: 'QueryUserInformation', account: '{attackedAccount.sam}' } }],
  },
];
