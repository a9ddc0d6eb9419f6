/**
 * MITRE ATT&CK names for what the alert catalog references: the Enterprise tactics (in the matrix's
 * column order) and the techniques. Facts kept next to the catalog (src/core/data/attack-techniques.json)
 * so that nothing is fetched at run time.
 */
import attackData from '../data/attack-techniques.json';

export interface Tactic {
  /** `TA0006` */
  id: string;
  /** `credential-access`: what a Navigator layer calls the tactic. */
  shortName: string;
  /** `Credential Access` */
  name: string;
}

const data = attackData as { attackVersion: string; tactics: Tactic[]; techniques: Record<string, string> };

/** The ATT&CK release the names come from (the Navigator layer's `versions.attack`). */
export const ATTACK_VERSION = data.attackVersion;

/** Enterprise tactics in the order the ATT&CK matrix draws them. */
export const TACTICS: readonly Tactic[] = data.tactics;
const tacticById = new Map(TACTICS.map((t) => [t.id, t]));

export function tactic(id: string): Tactic | undefined {
  return tacticById.get(id);
}

/** Column position of a tactic in the matrix; unknown tactics go last. */
export function tacticOrder(id: string): number {
  const i = TACTICS.findIndex((t) => t.id === id);
  return i < 0 ? TACTICS.length : i;
}

/**
 * The technique's name as MITRE writes it: `Steal or Forge Kerberos Tickets: Kerberoasting` for a
 * sub-technique, `Brute Force` for a technique; the id itself when the name is not known.
 */
export function techniqueName(id: string): string {
  const own = data.techniques[id];
  if (!own) return id;
  const dot = id.indexOf('.');
  if (dot < 0) return own;
  const parent = data.techniques[id.slice(0, dot)];
  return parent ? `${parent}: ${own}` : own;
}

/** Whether the technique's name is known (the unit tests check every catalog technique is). */
export function isKnownTechnique(id: string): boolean {
  return id in data.techniques;
}

/** Techniques first by number, sub-techniques right after their parent. */
export function compareTechniqueIds(a: string, b: string): number {
  const [pa, sa] = a.slice(1).split('.');
  const [pb, sb] = b.slice(1).split('.');
  return Number(pa) - Number(pb) || Number(sa ?? -1) - Number(sb ?? -1) || (a < b ? -1 : a > b ? 1 : 0);
}
