/**
 * Pseudonymising fixtures: the keyed pseudonym generator (also used to invent identities for new
 * fixtures), the in-memory scrubber of documents, and the file-level plan, write and check.
 */
export * from './pseudonyms';
export * from './documents';
export * from './mapping';
export * from './plan';
export * from './write';
export * from './check';
export * from './keyFile';
export * from './time';
export { LeftoverFinder, type Leftover } from './verify';
