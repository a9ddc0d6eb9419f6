/**
 * The shape of an alert-type template: data, not code. A template names the entity slots the type
 * involves (each with the role it plays in the alert), the activities the sensor records for it and the
 * portal's wording of its description and evidence, with placeholders filled from the chosen entities.
 *
 * Placeholders in text and in string details:
 *   {slot}          display names of the slot's entities ("A", "A and B", "A, B and C")
 *   {slot.sam}      SAM account name of the slot's first entity (also .dns, .ip, .dn, .upn, .samNoDollar)
 *   {slot.count}    how many entities fill the slot; {slot.s} is "s" unless it is one
 *   {$var}          a number drawn from the template's `vars` range (a whole "{$var}" detail stays a number)
 *   {domain}        the domain's DNS name; {netbios} its NetBIOS name
 * Evidence lines link the entities of every slot they name.
 */

/** What a new entity for a slot looks like when none is chosen from the workspace. */
export type Flavor =
  | 'user' // an ordinary employee
  | 'admin' // an administrative account (adm-…), sensitive
  | 'service' // a service account (svc-…) with an SPN
  | 'honeytoken' // a decoy account tagged as honeytoken
  | 'workstation'
  | 'server'
  | 'domainController'
  | 'group'; // a sensitive group, named by the slot's hint

export type EntityKind = 'User' | 'Computer' | 'Group';

export interface SlotSpec {
  /** Placeholder name and CLI flag (kebab-cased: sourceUser → --source-user); unique in the template. */
  key: string;
  /** Role in the alert's `entities` (sourceUser, domainController, …). */
  role: string;
  kind: EntityKind;
  flavor: Flavor;
  /** Name hint for new entities: a server's purpose (ADFS, CA, EXCH…), a group's name. */
  hint?: string;
  /** How many entities fill the slot: [min, max] (default one). */
  count?: [number, number];
  /** Listed in the evidence and the related entities but not in `entities` (e.g. a ticket's origin). */
  relatedOnly?: boolean;
}

export type DetailValue = string | number | boolean;

export interface NetworkSpec {
  protocol: string;
  from: string;
  to: string;
  port: number;
  /** Rows of this activity: [min, max] (default one per entity of the busier side). */
  rows?: [number, number];
  details?: Record<string, DetailValue>;
}

export interface EventSpec {
  eventId: number;
  /** Slot of the computer that logged the event. */
  on: string;
  provider?: string;
  details?: Record<string, DetailValue>;
}

export interface ResourceSpec {
  /** Slot of the computer(s) reached: one row per entity. */
  on: string;
  /** Slot of the computer the access came from. */
  from: string;
  service: string;
  type?: string;
  /** SPN port suffix, e.g. 1433 for MSSQLSvc. */
  port?: number;
  details: string;
}

export interface AlertTemplate {
  externalId: string;
  /** File-name word for the type, e.g. "dns-reconnaissance". */
  slug: string;
  slots: SlotSpec[];
  /** Number variables: name → [min, max] inclusive. */
  vars?: Record<string, [number, number]>;
  /** How long the activity lasts, in seconds: [min, max] (default a few minutes). */
  duration?: [number, number];
  description: string;
  /** Evidence lines in order; the first is at the start time, the last at the end time. */
  evidence: string[];
  network?: NetworkSpec[];
  events?: EventSpec[];
  resources?: ResourceSpec[];
}
