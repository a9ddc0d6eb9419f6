/** Exfiltration: data leaving through SMB or DNS. */
import type { AlertTemplate } from '../types';
import { dnsServer, domainController, sourceComputer, sourceUser } from './slots';

export const EXFILTRATION: AlertTemplate[] = [
  {
    externalId: '2030', slug: 'smb-exfiltration',
    slots: [sourceUser('admin'), sourceComputer(), domainController()],
    vars: { megabytes: [180, 900] },
    description: '{sourceUser} on {sourceComputer} copied ntds.dit from {domainController} over SMB.',
    evidence: ['{sourceUser} on {sourceComputer} copied C:\\Windows\\NTDS\\ntds.dit from {domainController} ({$megabytes} MB).'],
    network: [{ protocol: 'Smb', from: 'sourceComputer', to: 'domainController', port: 445, details: { file: 'C$\\Windows\\NTDS\\ntds.dit', megabytes: '{$megabytes}' } }],
  },
  {
    externalId: '2031', slug: 'dns-communication',
    slots: [sourceComputer(), dnsServer()],
    vars: { queries: [400, 4000] },
    description: '{sourceComputer} sent DNS queries with long random subdomains of telemetry-edge.example.net through {dnsServer}.',
    evidence: ['{sourceComputer} sent {$queries} DNS queries with long random labels through {dnsServer}.'],
    network: [{ protocol: 'Dns', from: 'sourceComputer', to: 'dnsServer', port: 53, rows: [1, 3], details: { query: 'q{$queries}x7kd9a0c8vz1m3.telemetry-edge.example.net', recordType: 'Txt', responseCode: 'NoError' } }],
  },
];
