/**
 * Where new entities get their names, SIDs, GUIDs and addresses: the pseudonymiser's generator
 * (`core/scrub/pseudonyms.ts`), so invented entities follow the same rules as pseudonymised real ones.
 * `NameSource` is the part of it the scaffolder uses (tests may pass another).
 */
import { Pseudonyms } from '../scrub/pseudonyms';

export type NameSource = Pick<Pseudonyms, 'person' | 'computer' | 'domain' | 'domainSid' | 'accountSid' | 'guid' | 'ipv4' | 'phone'>;

/** The generator keyed by a seed: the same seed, the same names. The key is public: nothing here is secret. */
export function namesFor(seed: string): NameSource {
  return new Pseudonyms(`atp-workbench scaffold/${seed}`);
}

/** A DNS domain name for a seed ("bluemill.com"). */
export function seededDomain(names: NameSource, seed: string): string {
  return names.domain(`${seed.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'seed'}.com`);
}

/** A computer name with a role prefix, upper case as Windows shows it ("WS-CORAL08"). */
export function seededComputer(names: NameSource, key: string, role: string): string {
  return names.computer(`${role}-${key}`.toUpperCase(), { role });
}
