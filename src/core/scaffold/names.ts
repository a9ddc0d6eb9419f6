/**
 * Where new entities get their names, SIDs, GUIDs and addresses. The scaffolder asks only through
 * `NameSource`, the part of the pseudonymiser's generator it needs, so new fixtures follow the same rules
 * as pseudonymised ones. `SeededNames` is a small keyed stand-in with the same methods, used until the
 * pseudonymiser's generator is available.
 */
import { createHmac } from 'node:crypto';

export interface Person {
  givenName: string;
  surname: string;
  displayName: string;
  /** sAMAccountName style: initial and surname, lower case. */
  samName: string;
}

export interface NameSource {
  /** A whole invented person from a seed text. */
  person(seed: string, attempt?: number): Person;
  /** A computer name with a role prefix (WS, DC, SRV, ADFS, CA, …), at most 15 characters. */
  computer(seed: string, options?: { attempt?: number; role?: string }): string;
  /** A DNS domain name. */
  domain(seed: string, attempt?: number): string;
  /** A domain SID S-1-5-21-a-b-c. */
  domainSid(seed: string): string;
  /** An account SID in the domain of `domainSeed` with a RID of 1000 or more. */
  accountSid(domainSeed: string, accountSeed: string, attempt?: number): string;
  guid(seed: string, attempt?: number): string;
  /** A private IPv4 address. */
  ipv4(seed: string, attempt?: number): string;
  /** A phone number keeping the original's shape. */
  phone(original: string, attempt?: number): string;
}

const GIVEN = ['Ada', 'Bram', 'Cleo', 'Dario', 'Elin', 'Farah', 'Goran', 'Hana', 'Ines', 'Jules', 'Kai', 'Lior', 'Mira', 'Niko', 'Oona', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tove', 'Umar', 'Vera', 'Wim', 'Yara', 'Zeno'];
const SURNAMES = ['Ashdown', 'Brightwater', 'Coldbrook', 'Dunmore', 'Elderfield', 'Fairholm', 'Greystone', 'Hollins', 'Ivybridge', 'Kestrel', 'Larkspur', 'Merriweather', 'Northcott', 'Oakhurst', 'Pellow', 'Ravensworth', 'Stanmere', 'Thornbury', 'Underhill', 'Wexley'];
const HOST_WORDS = ['ORCA', 'HERON', 'LYNX', 'OTTER', 'FALCON', 'BADGER', 'CRANE', 'MARTEN', 'PLOVER', 'WREN', 'IBEX', 'EGRET'];
const ORG_WORDS = ['fabrikam', 'northwind', 'tailspin', 'woodgrove', 'litware', 'adatum', 'wingtip', 'proseware'];

export class SeededNames implements NameSource {
  constructor(private readonly key: string) {}

  private bytes(purpose: string, input: string): Buffer {
    return createHmac('sha256', this.key).update(`${purpose}\0${input}`).digest();
  }
  private below(purpose: string, input: string, n: number): number {
    return this.bytes(purpose, input).readUInt32BE(0) % n;
  }

  person(seed: string, attempt = 0): Person {
    const givenName = GIVEN[this.below('given', `${attempt}/${seed}`, GIVEN.length)]!;
    const surname = SURNAMES[this.below('surname', `${attempt}/${seed}`, SURNAMES.length)]!;
    return { givenName, surname, displayName: `${givenName} ${surname}`, samName: (givenName[0] + surname).toLowerCase() };
  }

  computer(seed: string, options: { attempt?: number; role?: string } = {}): string {
    const input = `${options.attempt ?? 0}/${seed}`;
    const word = HOST_WORDS[this.below('computer', input, HOST_WORDS.length)]!;
    const digits = String(this.below('computer-digits', input, 100)).padStart(2, '0');
    const head = options.role ? `${options.role}-` : '';
    return head + word.slice(0, Math.max(3, 13 - head.length)) + digits;
  }

  domain(seed: string, attempt = 0): string {
    return `${ORG_WORDS[this.below('domain', `${attempt}/${seed}`, ORG_WORDS.length)]}.com`;
  }

  domainSid(seed: string): string {
    const b = this.bytes('sid-domain', seed);
    return `S-1-5-21-${[0, 1, 2].map((i) => 0x40000000 + (b.readUInt32BE(4 * i) % 0xc0000000)).join('-')}`;
  }

  accountSid(domainSeed: string, accountSeed: string, attempt = 0): string {
    return `${this.domainSid(domainSeed)}-${1000 + this.below('sid-seed', `${attempt}/${domainSeed}/${accountSeed}`, 9000)}`;
  }

  guid(seed: string, attempt = 0): string {
    const b = Buffer.from(this.bytes('guid', `${attempt}/${seed}`).subarray(0, 16));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const hex = b.toString('hex');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }

  ipv4(seed: string, attempt = 0): string {
    const b = this.bytes('ip-seed', `${attempt}/${seed}`);
    return `10.${b[0]}.${b[1]}.${1 + (b[2]! % 254)}`;
  }

  phone(original: string, attempt = 0): string {
    const b = this.bytes('phone', `${attempt}/${original}`);
    let i = 0;
    return original.replace(/(?<=^\+\d+.*)\d/g, () => String(b[i++ % b.length]! % 10));
  }
}
