import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { discoverFiles } from './src/core/discovery';
import { planScrub, writeCopy } from './src/core/scrub';
(async () => {
  const ws = 'bench/generated/ws-10000-10000';
  const files = (await discoverFiles([ws])).files;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-floor-'));
  for (let r = 0; r < 2; r++) {
    let t = Date.now(); let c = process.cpuUsage();
    const out = path.join(scratch, 'f' + r);
    const made = new Set<string>();
    for (const f of files) {
      const target = path.join(out, path.relative(ws, f.file));
      const dir = path.dirname(target);
      if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
      fs.writeFileSync(target, JSON.stringify(JSON.parse(fs.readFileSync(f.file, 'utf8')), null, 2) + '\n');
    }
    let u = process.cpuUsage(c);
    console.log('floor wall', Date.now() - t, 'cpu', Math.round((u.user + u.system) / 1000));
    t = Date.now(); c = process.cpuUsage();
    const plan = await planScrub({ paths: [ws], key: 'benchmark key: 32 bytes of secret' });
    const t2 = Date.now();
    writeCopy(plan, path.join(scratch, 's' + r));
    u = process.cpuUsage(c);
    console.log('scrub wall', Date.now() - t, '(plan', t2 - t, ') cpu', Math.round((u.user + u.system) / 1000));
  }
  fs.rmSync(scratch, { recursive: true, force: true });
})();
