/**
 * A multimap that keeps insertion order and removes by identity. Most keys hold one value, so a single
 * value is stored as is and becomes an array only for the second one (far fewer allocations).
 */
export class MultiMap<K, V> {
  private readonly map = new Map<K, V | V[]>();
  add(k: K, v: V): void {
    const cur = this.map.get(k);
    if (cur === undefined) this.map.set(k, v);
    else if (Array.isArray(cur)) cur.push(v);
    else this.map.set(k, [cur, v]);
  }
  delete(k: K, v: V): void {
    const cur = this.map.get(k);
    if (cur === undefined) return;
    if (!Array.isArray(cur)) {
      if (cur === v) this.map.delete(k);
      return;
    }
    const i = cur.indexOf(v);
    if (i >= 0) cur.splice(i, 1);
    if (cur.length === 1) this.map.set(k, cur[0]!);
    else if (cur.length === 0) this.map.delete(k);
  }
  get(k: K): V[] {
    const cur = this.map.get(k);
    return cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
  }
  count(k: K): number {
    const cur = this.map.get(k);
    return cur === undefined ? 0 : Array.isArray(cur) ? cur.length : 1;
  }
  first(k: K): V | undefined {
    const cur = this.map.get(k);
    return Array.isArray(cur) ? cur[0] : cur;
  }
  values(): V[] {
    const out: V[] = [];
    for (const v of this.map.values()) {
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out;
  }
  clear(): void {
    this.map.clear();
  }
}
