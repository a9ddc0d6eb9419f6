// Word lists the pseudonyms are built from. Given names are common and say nothing about a person on their
// own; surnames, organisation names and host words are composed from syllables so that a pseudonym looks
// like a name without being a real person's or company's name. Changing any list changes every pseudonym
// of every workspace: append only at the end.

export const GIVEN_NAMES: readonly string[] = [
  'Aaron', 'Abigail', 'Adrian', 'Alice', 'Amara', 'Amelia', 'Andre', 'Anika', 'Arjun', 'Astrid', 'Beatrice', 'Benedict',
  'Bianca', 'Bruno', 'Camille', 'Carlos', 'Celia', 'Chen', 'Clara', 'Colin', 'Dalia', 'Damian', 'Daphne', 'Dmitri',
  'Edith', 'Elias', 'Elif', 'Emil', 'Esther', 'Ezra', 'Farah', 'Felix', 'Fiona', 'Gabriel', 'Greta', 'Hana',
  'Hector', 'Helena', 'Hugo', 'Ines', 'Isaac', 'Ivy', 'Jasper', 'Jonah', 'Julia', 'Kai', 'Karim', 'Keira',
  'Lars', 'Leila', 'Leon', 'Lucia', 'Magnus', 'Maya', 'Milo', 'Miriam', 'Nadia', 'Nico', 'Nora', 'Omar',
  'Oscar', 'Paloma', 'Priya', 'Quentin', 'Rafael', 'Rosa', 'Ruben', 'Sana', 'Silas', 'Sofia', 'Tariq', 'Tessa',
  'Theo', 'Uma', 'Valentin', 'Vera', 'Wanda', 'Xavier', 'Yara', 'Yusuf', 'Zara', 'Zeno', 'Ingrid', 'Mateo',
];

const SURNAME_HEADS = [
  'Al', 'Ash', 'Bar', 'Bel', 'Bran', 'Cor', 'Dal', 'Dun', 'El', 'Fen', 'Gar', 'Hal', 'Hol', 'Kel', 'Lin', 'Mar',
  'Mer', 'Nor', 'Orl', 'Pen', 'Quen', 'Ros', 'Sel', 'Stan', 'Tor', 'Tre', 'Ul', 'Ven', 'Wes', 'Wyn', 'Yar', 'Zel',
];
const SURNAME_TAILS = [
  'brook', 'by', 'dale', 'den', 'ford', 'grove', 'ham', 'hart', 'ley', 'mere', 'mont', 'ridge', 'stead', 'ston', 'ton', 'wick',
];

/** 512 surnames: a head syllable and a tail, e.g. "Marwick", "Quenford". */
export function surnameAt(index: number): string {
  return SURNAME_HEADS[Math.floor(index / SURNAME_TAILS.length) % SURNAME_HEADS.length] + SURNAME_TAILS[index % SURNAME_TAILS.length];
}
export const SURNAME_COUNT = SURNAME_HEADS.length * SURNAME_TAILS.length;

const ORG_HEADS = [
  'amber', 'birch', 'blue', 'bright', 'cedar', 'cobalt', 'copper', 'elm', 'fair', 'fern', 'frost', 'glen', 'granite', 'harbor', 'high', 'iron',
  'juniper', 'lake', 'maple', 'marsh', 'north', 'oak', 'pine', 'quarry', 'raven', 'river', 'sage', 'silver', 'stone', 'summit', 'west', 'willow',
];
const ORG_TAILS = ['bay', 'crest', 'field', 'gate', 'haven', 'hill', 'line', 'mark', 'mill', 'point', 'port', 'shore', 'vale', 'view', 'well', 'works'];

/** 512 organisation-like words for domain labels, e.g. "cedarcrest", "ironvale". */
export function orgWordAt(index: number): string {
  return ORG_HEADS[Math.floor(index / ORG_TAILS.length) % ORG_HEADS.length] + ORG_TAILS[index % ORG_TAILS.length];
}
export const ORG_WORD_COUNT = ORG_HEADS.length * ORG_TAILS.length;

/** Host words; a computer pseudonym is a word and two digits, e.g. "KESTREL42" (≤ 15 characters with its role). */
export const HOST_WORDS: readonly string[] = [
  'ALDER', 'ASPEN', 'BADGER', 'BEACON', 'BISON', 'CANYON', 'CEDAR', 'COMET', 'CORAL', 'CRANE', 'DELTA', 'EMBER', 'FALCON', 'FJORD', 'GECKO', 'GLACIER',
  'HERON', 'IBIS', 'JACKAL', 'KESTREL', 'KOALA', 'LARCH', 'LYNX', 'MAGPIE', 'MESA', 'NEBULA', 'OCELOT', 'ORCA', 'OSPREY', 'OTTER', 'PANDA', 'PUFFIN',
  'QUARTZ', 'RAVEN', 'SABLE', 'SPRUCE', 'TAPIR', 'TUNDRA', 'VIPER', 'WALRUS', 'WILLOW', 'WREN', 'YUCCA', 'ZEBRA', 'BRIAR', 'CIRRUS', 'DUNE', 'MOSS',
];

/** Neutral bodies for service accounts ("svc-…"), which name a job rather than a person. */
export const SERVICE_WORDS: readonly string[] = [
  'agent', 'app', 'batch', 'broker', 'deploy', 'etl', 'feed', 'gateway', 'index', 'ingest', 'monitor', 'ops', 'portal', 'queue', 'relay', 'report',
  'scan', 'sched', 'sync', 'vault', 'worker', 'archive', 'build', 'cache',
];

/**
 * Role hints a computer name keeps (longest first so "RODC" wins over "DC"). They tell the reader what the
 * machine is, never whose it is.
 */
export const COMPUTER_ROLES: readonly string[] = [
  'DESKTOP', 'LAPTOP', 'EXCH', 'ADFS', 'RODC', 'FILE', 'SRV', 'SQL', 'RDP', 'RDS', 'VDI', 'WEB', 'APP', 'PRN', 'DEV', 'DC', 'WS', 'LT', 'PC', 'FS', 'CA',
];

/** Domain labels that name no one and stay as they are: top-level domains and generic parts. */
export const GENERIC_LABELS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'local', 'lan', 'corp', 'internal', 'intra', 'intranet', 'ad', 'home',
  'example', 'test', 'invalid', 'localhost', 'prod', 'dev', 'qa', 'uat', 'staging', 'hq', 'global', 'emea', 'apac', 'amer', 'eu', 'us', 'na',
]);

/** Service suffixes of the product and of Microsoft clouds: a host under them keeps them, only its own labels change. */
export const PUBLIC_SUFFIXES: readonly string[] = [
  'atp.azure.com', 'azure.com', 'microsoft.com', 'windows.net', 'onmicrosoft.com', 'office.com', 'office365.com', 'outlook.com', 'live.com',
  'security.microsoft.com', 'azurewebsites.net', 'core.windows.net',
];

/** Built-in accounts every domain has: naming them reveals nothing, so they keep their names (and RIDs). */
export const WELL_KNOWN_ACCOUNTS: ReadonlySet<string> = new Set([
  'administrator', 'guest', 'krbtgt', 'defaultaccount', 'wdagutilityaccount', 'system', 'local system', 'network service', 'local service',
  'anonymous logon', 'everyone', 'authenticated users', 'localsystem', 'networkservice', 'localservice',
]);

/** Built-in groups and containers of every domain, kept as they are. */
export const WELL_KNOWN_GROUPS: ReadonlySet<string> = new Set([
  'domain admins', 'enterprise admins', 'schema admins', 'administrators', 'domain controllers', 'read-only domain controllers',
  'enterprise read-only domain controllers', 'account operators', 'server operators', 'print operators', 'backup operators',
  'domain users', 'domain computers', 'domain guests', 'protected users', 'remote desktop users', 'dnsadmins', 'dnsupdateproxy',
  'group policy creator owners', 'cert publishers', 'key admins', 'enterprise key admins', 'users', 'guests', 'replicator',
  'cloneable domain controllers', 'allowed rodc password replication group', 'denied rodc password replication group',
  'computers', 'builtin', 'system', 'foreignsecurityprincipals', 'managed service accounts', 'program data', 'microsoft',
]);

/** The last word of a group name that says what kind of group it is, kept after the pseudonymous first part. */
export const GROUP_KIND_WORDS: ReadonlySet<string> = new Set([
  'staff', 'users', 'admins', 'administrators', 'operators', 'team', 'group', 'readers', 'writers', 'owners', 'members', 'managers',
  'engineers', 'analysts', 'contractors', 'helpdesk', 'support', 'all',
]);
