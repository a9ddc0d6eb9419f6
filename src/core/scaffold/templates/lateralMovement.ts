/** Lateral movement: stolen hashes and tickets, relays and exploits of remote services. */
import type { AlertTemplate } from '../types';
import { destinationComputer, dnsServer, domainController, related, sourceComputer, sourceUser } from './slots';

export const LATERAL_MOVEMENT: AlertTemplate[] = [
  {
    externalId: '2002', slug: 'overpass-the-hash-protocol',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} requested a Kerberos ticket with an unusual protocol implementation, suspected of an overpass-the-hash attack.',
    evidence: [
      '{sourceComputer} sent an AS-REQ for {sourceUser} to {domainController} that no Windows client sends.',
      'The request used only the RC4 encryption type, derived from the NTLM hash of {sourceUser}.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', encryptionTypes: 'Rc4Hmac', anomaly: 'Unusual protocol implementation' } }],
  },
  {
    externalId: '2008', slug: 'overpass-the-hash-encryption',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: 'An encryption downgrade was detected for {sourceUser} on {sourceComputer}: the Kerberos request used a weaker encryption type than the account normally uses.',
    evidence: [
      '{sourceComputer} requested a ticket for {sourceUser} from {domainController} with RC4 only.',
      '{sourceUser} usually authenticates with AES256.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', encryptionType: 'Rc4Hmac', usualEncryptionType: 'Aes256CtsHmacSha196' } }],
  },
  {
    externalId: '2017', slug: 'pass-the-hash',
    slots: [sourceUser(), sourceComputer(), destinationComputer(), domainController()],
    description: 'The NTLM hash of {sourceUser} was taken and used from {sourceComputer} to access {destinationComputer}.',
    evidence: [
      '{sourceUser} authenticated with NTLM from {sourceComputer}, a computer {sourceUser} never used.',
      'The hash was used to access {destinationComputer}.',
    ],
    network: [{ protocol: 'Ntlm', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { account: '{sourceUser.sam}', result: 'Success' } }],
    events: [{ eventId: 4776, on: 'domainController', details: { targetUserName: '{sourceUser.sam}', errorCode: '0x0', workstation: '{sourceComputer}' } }],
  },
  {
    externalId: '2018', slug: 'pass-the-ticket',
    slots: [sourceUser(), sourceComputer('server'), related('issuedTo', 'Computer', 'workstation', undefined, true), destinationComputer('server', undefined, [1, 2]), domainController()],
    description: "{sourceUser}'s Kerberos ticket was taken from {issuedTo} and used on {sourceComputer} to access {destinationComputer.count} resource{destinationComputer.s}.",
    evidence: [
      "{sourceUser}'s Kerberos ticket was used on {sourceComputer}; it had been issued to {issuedTo}.",
      'The Kerberos ticket was used to access {destinationComputer.count} resource{destinationComputer.s} from {sourceComputer}: {destinationComputer}.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'TgsReq', ticketIssuedTo: '{issuedTo}' } }],
    resources: [{ on: 'destinationComputer', from: 'sourceComputer', service: 'CIFS', details: 'Service ticket requested with the stolen ticket' }],
  },
  {
    externalId: '2036', slug: 'dns-remote-code-execution',
    slots: [sourceComputer(), dnsServer()],
    vars: { size: [65536, 70000] },
    description: '{sourceComputer} sent a malformed DNS response to {dnsServer}, attempting remote code execution on the DNS server (CVE-2018-8626 / CVE-2020-1350).',
    evidence: ['{sourceComputer} answered a query of {dnsServer} with a SIG record of {$size} bytes.'],
    network: [{ protocol: 'Dns', from: 'sourceComputer', to: 'dnsServer', port: 53, details: { recordType: 'Sig', responseSize: '{$size}', transport: 'Tcp' } }],
  },
  {
    externalId: '2037', slug: 'ntlm-relay',
    slots: [sourceComputer(), destinationComputer('domainController'), related('relayedAccount', 'Computer', 'server', undefined, true)],
    description: '{sourceComputer} relayed an NTLM authentication of {relayedAccount} to {destinationComputer}.',
    evidence: ['{sourceComputer} relayed NTLM credentials of {relayedAccount} to {destinationComputer}; the relayed authentication failed.'],
    network: [{ protocol: 'Ntlm', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { relayedAccount: '{relayedAccount.sam}', result: 'Failed' } }],
  },
  {
    externalId: '2039', slug: 'ntlm-tampering',
    slots: [sourceComputer(), destinationComputer('domainController')],
    description: '{sourceComputer} sent an NTLM authentication to {destinationComputer} whose message integrity code had been removed (CVE-2019-1040).',
    evidence: ['{sourceComputer} authenticated to {destinationComputer} with an NTLM message without its MIC and signing flags.'],
    network: [{ protocol: 'Ntlm', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { micPresent: false, signingNegotiated: false } }],
  },
  {
    externalId: '2047', slug: 'rogue-certificate',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} authenticated with a Kerberos certificate issued by a rogue certification authority.',
    evidence: [
      '{sourceComputer} sent a PKINIT request for {sourceUser} to {domainController}.',
      'The certificate was signed by a certification authority that is not registered in the domain.',
    ],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', preAuthentication: 'Pkinit', certificateIssuer: 'CN=Rogue Issuing CA' } }],
  },
  {
    externalId: '2406', slug: 'smbghost',
    slots: [sourceComputer(), destinationComputer()],
    description: '{sourceComputer} sent a manipulated compressed SMB packet to {destinationComputer} (CVE-2020-0796, SMBGhost).',
    evidence: ['{sourceComputer} sent an SMB 3.1.1 compression transform header with an invalid original size to {destinationComputer}.'],
    network: [{ protocol: 'Smb', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { dialect: 'Smb311', compression: 'LZNT1', anomaly: 'OriginalCompressedSegmentSize overflow' } }],
  },
  {
    externalId: '2414', slug: 'exchange-remote-code-execution',
    slots: [sourceComputer(), destinationComputer('server', 'EXCH')],
    description: '{sourceComputer} sent server-side request forgery requests to the Exchange server {destinationComputer} (CVE-2021-26855).',
    evidence: [
      '{sourceComputer} sent requests with a forged X-BEResource cookie to {destinationComputer}.',
      'The requests reached the Exchange back end as the computer account of {destinationComputer}.',
    ],
    network: [{ protocol: 'Https', from: 'sourceComputer', to: 'destinationComputer', port: 443, details: { path: '/ecp/y.js', cookie: 'X-BEResource', method: 'POST' } }],
  },
  {
    externalId: '2415', slug: 'printnightmare',
    slots: [sourceUser(), sourceComputer(), destinationComputer('server', 'PRN')],
    description: '{sourceUser} on {sourceComputer} tried to make the Print Spooler service of {destinationComputer} load a remote driver (PrintNightmare).',
    evidence: ['{sourceUser} on {sourceComputer} called RpcAddPrinterDriverEx on {destinationComputer} with a driver file on {sourceComputer}.'],
    network: [{ protocol: 'Rpc', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { interface: 'MS-RPRN', operation: 'RpcAddPrinterDriverEx', driverPath: '\\\\{sourceComputer.ip}\\drivers\\spool.dll' } }],
  },
  {
    externalId: '2416', slug: 'petitpotam',
    slots: [sourceComputer(), destinationComputer('domainController')],
    description: '{sourceComputer} made {destinationComputer} authenticate to it over the Encrypting File System Remote Protocol (PetitPotam).',
    evidence: ['{sourceComputer} called EfsRpcOpenFileRaw over the \\lsarpc pipe of {destinationComputer} with a path on {sourceComputer}.'],
    network: [{ protocol: 'Rpc', from: 'sourceComputer', to: 'destinationComputer', port: 445, details: { interface: 'MS-EFSR', operation: 'EfsRpcOpenFileRaw', pipe: '\\lsarpc', target: '\\\\{sourceComputer.ip}\\share\\file.txt' } }],
  },
  {
    externalId: '2425', slug: 'pkinit-certificate',
    slots: [sourceUser(), sourceComputer(), domainController()],
    description: '{sourceUser} on {sourceComputer} authenticated over Kerberos with a certificate that does not match their usual certificates (PKINIT).',
    evidence: ['{sourceComputer} sent a PKINIT request for {sourceUser} to {domainController} with a certificate never used before by {sourceUser}.'],
    network: [{ protocol: 'Kerberos', from: 'sourceComputer', to: 'domainController', port: 88, details: { requestType: 'AsReq', preAuthentication: 'Pkinit', certificateTemplate: 'User' } }],
  },
];
