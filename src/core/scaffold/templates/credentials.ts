/** Compromised credentials: password guessing, roasting, honeytokens and credential-theft exploits. */
import type { AlertTemplate } from '../types';
import { attackedAccount, destinationComputer, domainController, sourceComputer, sourceUser } from './slots';

const FAILED_LOGON = { provider: 'Microsoft-Windows-Security-Auditing', eventId: 4625 };

export const CREDENTIALS: AlertTemplate[] = [
  {
    externalId: '2004', slug: 'ldap-brute-force',
    slots: [sourceComputer(), domainController(), attackedAccount([2, 5])],
    vars: { attempts: [120, 900] },
    description: '{sourceComputer} tried {$attempts} passwords against {attackedAccount.count} account{attackedAccount.s} with LDAP simple binds to {domainController}.',
    evidence: [
      '{sourceComputer} made {$attempts} failed LDAP simple bind attempts against {domainController}.',
      'Attacked accounts: {attackedAccount}.',
      'No password was guessed.',
    ],
    network: [{ protocol: 'Ldap', from: 'sourceComputer', to: 'domainController', port: 389, details: { bindType: 'Simple', failedBinds: '{$attempts}' } }],
    events: [{ ...FAILED_LOGON, on: 'domainController', details: { targetUserName: '{attackedAccount.sam}', logonType: 3, status: '0xC000006D', subStatus: '0xC000006A', workstationName: '{sourceComputer}' } }],
  },
  {
    externalId: '2014', slug: 'honeytoken-authentication',
    slots: [sourceUser('honeytoken'), sourceComputer('server', 'RDP'), domainController()],
    duration: [0, 5],
    description: 'The honeytoken account {sourceUser} authenticated from {sourceComputer} against {domainController}.',
    evidence: ['{sourceUser} authenticated from {sourceComputer} against {domainController} using NTLM.'],
    events: [{ eventId: 4776, on: 'domainController', details: { targetUserName: '{sourceUser.sam}', errorCode: '0x0', workstation: '{sourceComputer}' } }],
  },
  {
    externalId: '2023', slug: 'kerberos-ntlm-brute-force',
    slots: [sourceComputer(), domainController(), attackedAccount([2, 5])],
    vars: { attempts: [80, 700] },
    description: '{sourceComputer} made {$attempts} failed Kerberos pre-authentication attempts against {attackedAccount.count} account{attackedAccount.s}, suspected of password spraying.',
    evidence: [
      '{sourceComputer} tried {$attempts} passwords with Kerberos against {domainController}.',
      'Attacked accounts: {attackedAccount}.',
      'No password was guessed.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', errorCode: 'KDC_ERR_PREAUTH_FAILED', attempts: '{$attempts}' } }],
    events: [{ eventId: 4771, on: 'domainController', details: { targetUserName: '{attackedAccount.sam}', status: '0x18', ipAddress: '{sourceComputer.ip}' } }],
  },
  {
    externalId: '2025', slug: 'suspicious-vpn-connection',
    slots: [sourceUser()],
    vars: { octet: [10, 250], days: [20, 30] },
    description: '{sourceUser} connected to the VPN from a location and an address not used by them or their peers in the last {$days} days.',
    evidence: [
      '{sourceUser} connected to the VPN from 203.0.113.{$octet} (Lisbon, Portugal).',
      'Neither the address nor the country was seen for {sourceUser} in the last {$days} days.',
    ],
  },
  {
    externalId: '2033', slug: 'smb-brute-force',
    slots: [sourceComputer(), domainController(), attackedAccount([2, 5])],
    vars: { attempts: [100, 800] },
    description: '{sourceComputer} tried {$attempts} passwords against {attackedAccount.count} account{attackedAccount.s} over SMB with NTLM.',
    evidence: [
      '{sourceComputer} made {$attempts} failed NTLM authentications over SMB to {domainController}.',
      'Attacked accounts: {attackedAccount}.',
    ],
    network: [{ protocol: 'Smb', from: 'sourceComputer', to: 'domainController', port: 445, details: { authentication: 'Ntlm', failedAttempts: '{$attempts}' } }],
    events: [{ eventId: 4776, on: 'domainController', details: { targetUserName: '{attackedAccount.sam}', errorCode: '0xC000006A', workstation: '{sourceComputer}' } }],
  },
  {
    externalId: '2034', slug: 'metasploit',
    slots: [sourceComputer(), destinationComputer()],
    description: 'An SMB packet pattern of the Metasploit framework was sent from {sourceComputer} to {destinationComputer}.',
    evidence: ['{sourceComputer} sent SMB requests shaped like the Metasploit SMB client to {destinationComputer}.'],
    network: [{ protocol: 'Smb', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { dialect: 'Smb1', indicator: 'Metasploit SMB client fingerprint' } }],
  },
  {
    externalId: '2035', slug: 'wannacry',
    slots: [sourceComputer(), destinationComputer('workstation', undefined, [1, 3])],
    description: '{sourceComputer} probed {destinationComputer} with the SMB pattern of the WannaCry ransomware.',
    evidence: ['{sourceComputer} sent the WannaCry SMBv1 transaction pattern to {destinationComputer}.'],
    network: [{ protocol: 'Smb', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { dialect: 'Smb1', command: 'Trans2 SESSION_SETUP', indicator: 'WannaCry propagation probe' } }],
  },
  {
    externalId: '2048', slug: 'bronze-bit-delegation',
    slots: [sourceUser('service'), sourceComputer('server'), destinationComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} requested a delegated Kerberos ticket to {destinationComputer} with a tampered forwardable flag (Bronze Bit, CVE-2020-17049).',
    evidence: [
      '{sourceUser} on {sourceComputer} sent an S4U2Proxy request to {domainController} for a service on {destinationComputer}.',
      'The evidence ticket was marked forwardable although the account is not trusted for delegation.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'TgsReq', extension: 'S4U2Proxy', forwardableFlag: 'Tampered', service: 'cifs/{destinationComputer.dns}' } }],
  },
  {
    externalId: '2410', slug: 'kerberoasting',
    slots: [sourceUser(), sourceComputer(), attackedAccount([1, 3], 'service'), domainController()],
    description: '{sourceUser} on {sourceComputer} requested Kerberos service tickets with RC4 encryption for {attackedAccount}, exposing the accounts to offline password cracking.',
    evidence: [
      '{sourceUser} on {sourceComputer} requested RC4-encrypted service tickets from {domainController}.',
      'Exposed service accounts: {attackedAccount}.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'TgsReq', encryptionType: 'Rc4Hmac', service: '{attackedAccount.sam}' } }],
    events: [{ eventId: 4769, on: 'domainController', details: { targetUserName: '{sourceUser.sam}', serviceName: '{attackedAccount.sam}', ticketEncryptionType: '0x17', ipAddress: '{sourceComputer.ip}' } }],
  },
  {
    externalId: '2411', slug: 'netlogon-elevation',
    slots: [sourceComputer(), domainController()],
    vars: { attempts: [200, 2000] },
    description: '{sourceComputer} sent {$attempts} Netlogon authentication requests with zeroed credentials to {domainController} (CVE-2020-1472, Zerologon).',
    evidence: [
      '{sourceComputer} tried {$attempts} times to authenticate to {domainController} over Netlogon with an all-zero client credential.',
      'The attempts targeted the computer account of {domainController}.',
    ],
    network: [{ protocol: 'Netlogon', from: 'sourceComputer', to: 'domainController', port: 49668, details: { operation: 'NetrServerAuthenticate3', clientCredential: '0000000000000000', attempts: '{$attempts}' } }],
  },
  {
    externalId: '2412', slug: 'as-rep-roasting',
    slots: [sourceComputer(), attackedAccount([1, 3]), domainController()],
    description: '{sourceComputer} requested Kerberos authentication tickets without pre-authentication for {attackedAccount}, exposing their passwords to offline cracking.',
    evidence: [
      '{sourceComputer} sent AS-REQ messages without pre-authentication to {domainController}.',
      'Exposed accounts: {attackedAccount}.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', preAuthentication: false, encryptionType: 'Rc4Hmac', account: '{attackedAccount.sam}' } }],
    events: [{ eventId: 4768, on: 'domainController', details: { targetUserName: '{attackedAccount.sam}', preAuthType: 0, ticketEncryptionType: '0x17', ipAddress: '{sourceComputer.ip}' } }],
  },
  {
    externalId: '2413', slug: 'adfs-dkm-key-read',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} read the AD FS Distributed Key Manager (DKM) key from {domainController}.',
    evidence: ['{sourceUser} on {sourceComputer} read the thumbnailPhoto attribute of the AD FS DKM container on {domainController} over LDAP.'],
    network: [{ protocol: 'Ldap', from: 'sourceComputer', to: 'domainController', port: 389, details: { base: 'CN=ADFS,CN=Microsoft,CN=Program Data,{domainDn}', attributes: 'thumbnailPhoto' } }],
    events: [{ eventId: 4662, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectType: 'contact', properties: 'thumbnailPhoto' } }],
  },
  {
    externalId: '2418', slug: 'suspicious-kerberos-ticket-request',
    slots: [sourceComputer(), attackedAccount(undefined, 'user'), domainController()],
    description: 'A Kerberos service ticket request from {sourceComputer} for {attackedAccount} carried an authenticator relayed from another computer.',
    evidence: [
      '{sourceComputer} requested a service ticket from {domainController} in the name of {attackedAccount}.',
      'The authenticator of the request did not come from {sourceComputer}: the authentication was relayed.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'TgsReq', account: '{attackedAccount.sam}', anomaly: 'Relayed authenticator' } }],
  },
  {
    externalId: '2419', slug: 'samaccountname-modification',
    slots: [sourceUser(), sourceComputer(), attackedAccount(undefined, 'workstation'), domainController()],
    description: '{sourceUser} on {sourceComputer} renamed the computer account {attackedAccount} to the name of {domainController} without its trailing $ (CVE-2021-42278 and CVE-2021-42287).',
    evidence: [
      '{sourceUser} changed the sAMAccountName of {attackedAccount} to {domainController.samNoDollar}.',
      '{sourceComputer} then requested a Kerberos ticket as "{domainController.samNoDollar}" from {domainController}.',
    ],
    events: [{ eventId: 4742, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', targetUserName: '{attackedAccount.sam}', samAccountName: '{domainController.samNoDollar}' } }],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', account: '{domainController.samNoDollar}' } }],
  },
  {
    externalId: '2424', slug: 'adfs-suspicious-certificate',
    slots: [sourceUser(), sourceComputer(), destinationComputer('server', 'ADFS')],
    description: '{sourceUser} authenticated to AD FS on {destinationComputer} with a certificate that was not issued by a trusted authority of the domain.',
    evidence: [
      '{sourceUser} on {sourceComputer} presented a client certificate to {destinationComputer}.',
      'The certificate was issued by an authority AD FS does not normally accept.',
    ],
    network: [{ protocol: 'Https', from: 'sourceComputer', to: 'destinationComputer', port: 443, details: { endpoint: '/adfs/ls/', authentication: 'Certificate', issuer: 'CN=Unknown Issuing CA' } }],
  },
  {
    externalId: '2426', slug: 'dfscoerce',
    slots: [sourceComputer(), domainController()],
    description: '{sourceComputer} called the Distributed File System Namespace protocol on {domainController} to coerce it into authenticating to {sourceComputer} (DFSCoerce).',
    evidence: ['{sourceComputer} sent NetrDfsRemoveStdRoot over the \\netdfs pipe of {domainController}, naming a share on {sourceComputer}.'],
    network: [{ protocol: 'Rpc', from: 'sourceComputer', to: 'domainController', port: 445, details: { interface: 'MS-DFSNM', operation: 'NetrDfsRemoveStdRoot', pipe: '\\netdfs', target: '\\\\{sourceComputer.ip}\\share' } }],
  },
  {
    externalId: '2431', slug: 'shadow-credentials',
    slots: [sourceUser(), sourceComputer(), attackedAccount(), domainController()],
    description: '{sourceUser} on {sourceComputer} added a key credential to {attackedAccount}, which lets them authenticate as {attackedAccount} (shadow credentials).',
    evidence: [
      '{sourceUser} wrote msDS-KeyCredentialLink of {attackedAccount} on {domainController}.',
      '{sourceComputer} then authenticated as {attackedAccount} with PKINIT.',
    ],
    events: [{ eventId: 5136, on: 'domainController', details: { subjectUserName: '{sourceUser.sam}', objectDn: '{attackedAccount.dn}', attribute: 'msDS-KeyCredentialLink', operation: 'Value Added' } }],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', preAuthentication: 'Pkinit', account: '{attackedAccount.sam}' } }],
  },
];
