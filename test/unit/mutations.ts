// Seeded mutations of JSON documents, for tests that compare or stress validators on broken input. The seed
// comes from bench/generate.ts's `rng`, so a failure names a seed that reproduces it.

const REPLACEMENTS: unknown[] = [
  null, true, 0, -1, 1.5, 24, 'x', '', '2025-13-01', '2025-01-14', '2025-01-14T00:00:00Z', 'S-1-5-21-1-2-3-500',
  [], [1, 1], ['x', 'y', 'x'], [8, 9, 8], Array.from({ length: 40 }, (_, i) => i % 39), {}, { 24: 1 }, { 8: -1, 9: 'x' }, { Zz: 1 },
];
const KEYS = ['Zz', '24', '0', '8', '23', '2025-01-14', 'bogus key', '__proto__', 'd1a1b2c3-0000-4000-8000-000000000001'];

/** Every container of a JSON value, with its path, for picking a place to mutate. */
function containers(value: unknown, out: (Record<string, unknown> | unknown[])[] = []) {
  if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

/** Nesting depth, without recursion: the corpus holds a 10 000-level document. */
export function depth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    max = Math.max(max, d);
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** A copy of `value` with one change: a value replaced, an item duplicated or added, a key added or removed. */
export function mutate(value: unknown, next: () => number): unknown {
  const copy = structuredClone(value);
  const places = containers(copy);
  const place = places[Math.floor(next() * places.length)]!;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const replacement = structuredClone(pick(REPLACEMENTS));
  const keys = Object.keys(place);
  const how = next();
  if (Array.isArray(place)) {
    if (place.length && how < 0.5) place[Math.floor(next() * place.length)] = replacement;
    else if (place.length && how < 0.8) place.splice(Math.floor(next() * place.length), 0, structuredClone(pick(place))); // a duplicate item
    else place.push(replacement);
  } else if (keys.length && how < 0.6) {
    place[pick(keys)] = replacement;
  } else if (keys.length && how < 0.75) {
    delete place[pick(keys)];
  } else {
    Object.defineProperty(place, pick(KEYS), { value: replacement, enumerable: true, configurable: true, writable: true });
  }
  return copy;
}
