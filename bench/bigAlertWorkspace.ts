/**
 * The big-alert workspaces of the whole-process benchmark: one pretty-printed alert with 100 000 network
 * activities (about 60 MB) and an entity file for every computer it mentions, so that it has no problem;
 * the "with problems" copy is the same alert with `problems` activities pointing at computers that have
 * no entity file (one unresolved-entity warning each).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bigAlertInput } from './export.bench';

export function bigAlertWorkspace(dir: string, activities: number, problems: number): string {
  const marker = path.join(dir, '.generated.json');
  const want = JSON.stringify({ activities, problems, version: 1 });
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === want) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'entities'), { recursive: true });
  const { alert } = bigAlertInput(activities);
  const ids = new Set<string>();
  for (const a of alert.networkActivities) ids.add(a.source.computerId).add(a.destination.computerId);
  for (const e of alert.entities) ids.add(e.id);
  [...ids].forEach((id, i) => {
    const entity = { $type: 'Computer', SchemaVersion: 2006106105, IsEntitySchemaChanged: false, Id: id, SystemDisplayName: `WS-${i}`, SamName: `WS-${i}$` };
    fs.writeFileSync(path.join(dir, 'entities', `c${i}.entity.json`), JSON.stringify(entity, null, 2) + '\n');
  });
  const step = Math.floor(activities / (problems + 1));
  for (let k = 1; k <= problems; k++) alert.networkActivities[k * step]!.source.computerId = `missing-computer-${k}`;
  fs.writeFileSync(path.join(dir, 'big.alert.json'), JSON.stringify(alert, null, 2) + '\n');
  fs.writeFileSync(marker, want);
  return dir;
}
