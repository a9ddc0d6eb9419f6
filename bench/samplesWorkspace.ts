/**
 * A big workspace shaped like real fixtures: the samples folder copied `copies` times, each copy with
 * fresh GUIDs (the same mapping across its files, so its references still resolve). Ids that are not
 * GUIDs (an entity named after its IP address) stay the same in every copy, as they would in a team's
 * repository: one such id ends up shared by every copy, and its duplicate-id problems are part of the
 * workload.
 */
import fs from 'node:fs';
import path from 'node:path';

const GUID = /\b[0-9a-f]{8}-([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi;

export function samplesWorkspace(root: string, samples: string, copies: number): string {
  const dir = path.join(root, 'bench', 'generated', `samples-x${copies}`);
  const marker = path.join(dir, '.generated.json');
  const want = JSON.stringify({ copies, version: 1 });
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const files: [string, string][] = [];
  for (const sub of ['alerts', 'entities', 'profiles']) {
    for (const name of fs.readdirSync(path.join(samples, sub))) {
      if (name.endsWith('.json')) files.push([path.join(sub, name), fs.readFileSync(path.join(samples, sub, name), 'utf8')]);
    }
  }
  for (let k = 0; k < copies; k++) {
    const copy = path.join(dir, `copy-${String(k).padStart(4, '0')}`);
    const prefix = (0x10000000 + k).toString(16);
    for (const sub of ['alerts', 'entities', 'profiles']) fs.mkdirSync(path.join(copy, sub), { recursive: true });
    for (const [rel, text] of files) fs.writeFileSync(path.join(copy, rel), text.replace(GUID, (_m, rest: string) => `${prefix}-${rest}`));
  }
  fs.writeFileSync(marker, want);
  return dir;
}

/** The fixture files a workspace holds (the samples grow: a count per copy goes stale). */
export function countFixtures(dir: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(alert|entity|profile)\.json$/.test(entry.name)) n++;
  }
  return n;
}
