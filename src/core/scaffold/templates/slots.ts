/** Shorthands for the entity slots templates use most, so each template reads as one short record. */
import type { Flavor, SlotSpec } from '../types';

type Count = [number, number];

export const sourceUser = (flavor: Flavor = 'user'): SlotSpec => ({ key: 'sourceUser', role: 'sourceUser', kind: 'User', flavor });

export const sourceComputer = (flavor: Flavor = 'workstation', hint?: string): SlotSpec => ({ key: 'sourceComputer', role: 'sourceComputer', kind: 'Computer', flavor, hint });

export const domainController = (count?: Count, key = 'domainController'): SlotSpec => ({ key, role: 'domainController', kind: 'Computer', flavor: 'domainController', count });

export const dnsServer = (count?: Count): SlotSpec => ({ key: 'dnsServer', role: 'dnsServer', kind: 'Computer', flavor: 'domainController', count });

const COMPUTER_FLAVORS: readonly Flavor[] = ['workstation', 'server', 'domainController'];

/** Attacked accounts: users, or computer accounts for the computer flavours. */
export const attackedAccount = (count?: Count, flavor: Flavor = 'user'): SlotSpec =>
  ({ key: 'attackedAccount', role: 'attackedAccount', kind: COMPUTER_FLAVORS.includes(flavor) ? 'Computer' : 'User', flavor, count });

export const destinationComputer = (flavor: Flavor = 'server', hint?: string, count?: Count): SlotSpec => ({ key: 'destinationComputer', role: 'destinationComputer', kind: 'Computer', flavor, hint, count });

/** An entity shown among the related entities (a group, the origin of a ticket, a target object). */
export const related = (key: string, kind: SlotSpec['kind'], flavor: Flavor, hint?: string, relatedOnly = false): SlotSpec => ({ key, role: 'related', kind, flavor, hint, relatedOnly });
