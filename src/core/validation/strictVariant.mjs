// The strict variant of a schema: objects marked `x-closedInStrictMode` get `additionalProperties: false`.
// Plain JavaScript so that both users share this one rule: the build-time validator generator
// (scripts/generate-validators.mjs, which runs before any TypeScript is compiled) and the runtime problem
// builder (src/core/schemaWalk.ts), which must read ajv's strict errors against the same schema.

/**
 * @template T
 * @param {T} schema
 * @returns {T}
 */
export function strictVariant(schema) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (out['x-closedInStrictMode'] === true) out.additionalProperties = false;
    return out;
  };
  return walk(schema);
}
