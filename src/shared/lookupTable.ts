/**
 * A constant table that is looked up with strings from fixtures, ledgers or imported records. It has no
 * prototype, so a key such as "constructor", "toString" or "__proto__" finds nothing instead of one of
 * Object's own members (a role named "constructor" once made validation call `includes` on a function).
 */
export function lookupTable<T extends object>(entries: T): Readonly<T> {
  return Object.freeze(Object.assign(Object.create(null) as T, entries));
}
