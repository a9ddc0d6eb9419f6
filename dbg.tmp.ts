import { bigProfile } from './bench/validation.bench';
import { parseJsonText } from './src/core/json';
import { loadText } from './src/core/loader';
import { validateRecord, schemaProblems } from './src/core/validate';
import { performance } from 'node:perf_hooks';
const text = bigProfile(1024*1024);
const v = JSON.parse(text);
const fns: [string, () => unknown][] = [
  ['JSON.parse', () => JSON.parse(text)],
  ['parseJsonText', () => parseJsonText(text)],
  ['schema', () => schemaProblems('profile', v)],
  ['loadText+validateRecord', () => validateRecord(loadText('/x.profile.json', 'profile', text), undefined, () => text)],
];
const res = new Map<string, number[]>();
for (let r = 0; r < 40; r++) for (const [n, f] of fns) { const a = performance.now(); f(); const d = performance.now() - a; if (r >= 5) { const l = res.get(n) ?? []; l.push(d); res.set(n, l); } }
for (const [n, l] of res) { l.sort((a, b) => a - b); console.log(n, l[Math.floor(l.length / 2)]!.toFixed(2), 'min', l[0]!.toFixed(2)); }
