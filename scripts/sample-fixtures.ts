/**
 * The sample fixtures made by the scaffolder: one alert for each catalog type the hand-written samples do
 * not cover, played by the sample workspace's own users and computers so they tell its stories — the
 * intrusion of 21 January 2025, the penetration test of 22 January (Noor Haddad on WS-SEC-01), the
 * unresolved host 10.1.2.7, and a few stand-alone cases. Servers the samples lack (the CA, the AD FS and
 * Exchange servers) and the honeytoken group are new entities marked "IsPartial": true.
 *
 *   node --import tsx scripts/sample-fixtures.ts           rewrites them in samples/
 *   node --import tsx scripts/sample-fixtures.ts --check   regenerates them in a copy and compares
 *
 * Each row is an `atp-workbench new` run with the seed below: the same rows, the same files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/run';

export const SEED = 'contoso-samples';

/** externalId, start time, then role flags (entities by SAM or display name) and options. */
export const SAMPLE_FIXTURES: [string, string, string[]][] = [
  // The intrusion of 21 January 2025: Lena Park's WS-HR-02, then Jonas Whitfield's admin account on LT-IT-04.
  ['2023', '2025-01-21T01:58:12Z', ['--source-computer', 'WS-HR-02', '--domain-controller', 'DC2', '--attacked-account', 'rabernathy,mokafor,praman']],
  ['2033', '2025-01-21T02:05:40Z', ['--source-computer', 'WS-HR-02', '--domain-controller', 'DC1', '--attacked-account', 'alindqvist,praman']],
  ['2038', '2025-01-21T02:22:03Z', ['--source-user', 'lpark', '--source-computer', 'WS-HR-02', '--domain-controller', 'DC1']],
  ['2412', '2025-01-21T02:40:51Z', ['--source-computer', 'WS-HR-02', '--attacked-account', 'svc-backup', '--domain-controller', 'DC1']],
  ['2008', '2025-01-21T02:50:09Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'WS-HR-02', '--domain-controller', 'DC1']],
  ['2002', '2025-01-21T02:58:27Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'WS-HR-02', '--domain-controller', 'DC2']],
  ['2026', '2025-01-21T03:14:45Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'WS-HR-02', '--destination-computer', 'DC2']],
  ['2020', '2025-01-21T03:18:30Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2028', '2025-01-21T03:25:02Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2029', '2025-01-21T03:27:44Z', ['--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2430', '2025-01-21T03:45:10Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['1106', '2025-01-21T03:50:36Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'LT-IT-04', '--attacked-account', 'svc-sql', '--domain-controller', 'DC2']],
  ['2438', '2025-01-21T03:55:18Z', ['--source-user', 'adm-jwhitfield', '--domain-controller', 'DC2']],
  ['2440', '2025-01-21T04:05:51Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2427', '2025-01-21T04:20:06Z', ['--source-user', 'adm-jwhitfield', '--attacked-account', 'hfalk', '--domain-controller', 'DC1']],
  ['2428', '2025-01-21T04:30:29Z', ['--source-user', 'adm-jwhitfield', '--member', 'svc-backup', '--domain-controller', 'DC1']],
  ['2434', '2025-01-21T04:35:13Z', ['--source-user', 'adm-jwhitfield']],
  ['2435', '2025-01-21T04:38:47Z', ['--source-user', 'adm-jwhitfield']],
  ['2433', '2025-01-21T04:41:22Z', ['--source-user', 'adm-jwhitfield']],
  // Forged tickets after the krbtgt secret left in the DCSync.
  ['2022', '2025-01-21T05:10:33Z', ['--source-user', 'jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2009', '2025-01-21T05:40:19Z', ['--source-user', 'svc-sql', '--source-computer', 'SQLSRV1', '--domain-controller', 'DC2']],
  ['2013', '2025-01-21T06:15:02Z', ['--source-user', 'mokafor', '--source-computer', 'WS-FIN-07', '--domain-controller', 'DC1']],
  ['2027', '2025-01-21T06:30:55Z', ['--source-computer', 'LT-IT-04', '--domain-controller', 'DC2']],
  ['2032', '2025-01-21T06:45:41Z', ['--source-user', 'adm-jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2040', '2025-01-21T07:05:08Z', ['--source-user', 'jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC2']],
  ['2010', '2025-01-21T07:20:14Z', ['--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  // The penetration test of 22 January 2025 (change CHG-2025-0142): Noor Haddad on WS-SEC-01.
  ['2012', '2025-01-22T09:12:04Z', ['--source-user', 'nhaddad', '--source-computer', 'WS-SEC-01', '--domain-controller', 'DC1']],
  ['2210', '2025-01-22T09:40:37Z', ['--source-user', 'nhaddad', '--source-computer', 'WS-SEC-01', '--domain-controller', 'DC2']],
  ['2418', '2025-01-22T10:35:50Z', ['--source-computer', 'WS-SEC-01', '--attacked-account', 'jwhitfield', '--domain-controller', 'DC1']],
  ['2411', '2025-01-22T11:02:26Z', ['--source-computer', 'WS-SEC-01', '--domain-controller', 'DC2']],
  ['2416', '2025-01-22T11:20:59Z', ['--source-computer', 'WS-SEC-01', '--destination-computer', 'DC1']],
  ['2426', '2025-01-22T11:31:12Z', ['--source-computer', 'WS-SEC-01', '--domain-controller', 'DC2']],
  ['2432', '2025-01-22T11:48:03Z', ['--source-computer', 'WS-SEC-01', '--domain-controller', 'DC1']],
  ['2039', '2025-01-22T13:05:44Z', ['--source-computer', 'WS-SEC-01', '--destination-computer', 'DC1']],
  ['2034', '2025-01-22T13:30:21Z', ['--source-computer', 'WS-SEC-01', '--destination-computer', 'FILESRV1']],
  ['2406', '2025-01-22T14:02:58Z', ['--source-computer', 'WS-SEC-01', '--destination-computer', 'RDPSRV']],
  ['2415', '2025-01-22T14:26:17Z', ['--source-user', 'nhaddad', '--source-computer', 'WS-SEC-01', '--destination-computer', 'FILESRV1']],
  ['2036', '2025-01-22T15:10:40Z', ['--source-computer', 'WS-SEC-01', '--dns-server', 'DC2']],
  // Sofia Brennan's WS-SALES-05: enumeration, then machine-account tricks in March.
  ['2439', '2025-02-03T16:09:31Z', ['--source-user', 'sbrennan', '--source-computer', 'WS-SALES-05', '--attacked-account', 'hfalk', '--domain-controller', 'DC2']],
  ['2025', '2025-02-10T19:44:05Z', ['--source-user', 'sbrennan']],
  ['2035', '2025-03-03T08:47:26Z', ['--source-computer', 'WS-SALES-05', '--destination-computer', 'FILESRV1,SQLSRV1']],
  ['2419', '2025-03-03T09:15:03Z', ['--source-user', 'sbrennan', '--source-computer', 'WS-SALES-05', '--domain-controller', 'DC2']],
  ['2421', '2025-03-04T10:21:48Z', ['--source-user', 'sbrennan', '--source-computer', 'WS-SALES-05', '--domain-controller', 'DC1']],
  ['2422', '2025-03-04T10:52:11Z', ['--source-user', 'sbrennan', '--domain-controller', 'DC2']],
  ['2423', '2025-03-05T08:30:39Z', ['--source-computer', 'WS-SALES-05', '--attacked-account', 'SQLSRV1', '--domain-controller', 'DC1']],
  // Dmitri Castellanos's WS-ENG-11: certificates.
  ['2047', '2025-02-12T14:03:55Z', ['--source-user', 'dcastellanos', '--source-computer', 'WS-ENG-11', '--domain-controller', 'DC1']],
  ['2431', '2025-02-12T14:20:16Z', ['--source-user', 'dcastellanos', '--source-computer', 'WS-ENG-11', '--attacked-account', 'praman', '--domain-controller', 'DC1']],
  ['2425', '2025-02-12T14:41:02Z', ['--source-user', 'dcastellanos', '--source-computer', 'WS-ENG-11', '--domain-controller', 'DC2']],
  // The service account svc-sql and the federation servers.
  ['2048', '2025-02-14T22:16:43Z', ['--source-user', 'svc-sql', '--source-computer', 'SQLSRV1', '--destination-computer', 'FILESRV1', '--domain-controller', 'DC1']],
  ['2413', '2025-02-18T11:05:27Z', ['--source-user', 'jwhitfield', '--source-computer', 'LT-IT-04', '--domain-controller', 'DC1']],
  ['2420', '2025-02-18T11:26:09Z', ['--source-user', 'adm-jwhitfield', '--domain-controller', 'DC1']],
  ['2424', '2025-02-19T07:58:34Z', ['--source-user', 'mokafor', '--source-computer', 'WS-FIN-11']],
  // The unresolved host 10.1.2.7.
  ['2437', '2025-02-17T02:40:18Z', ['--source-computer', 'computer 10.1.2.7', '--domain-controller', 'DC2', '--attacked-account', 'alindqvist,rabernathy']],
  ['2414', '2025-02-17T03:10:52Z', ['--source-computer', 'computer 10.1.2.7']],
];

/** Writes the sample fixtures into `folder` (a copy of samples/ without them); returns the files written. */
export async function writeSampleFixtures(folder: string): Promise<string[]> {
  const written: string[] = [];
  for (const [externalId, time, roles] of SAMPLE_FIXTURES) {
    let out = '';
    let err = '';
    const code = await runCli(['new', externalId, '-w', folder, '--seed', SEED, '--time', time, ...roles], {
      cwd: folder, env: {}, out: (t) => (out += t), err: (t) => (err += t),
    });
    if (code !== 0) throw new Error(`atp-workbench new ${externalId}: ${err}`);
    written.push(...out.trim().split('\n').map((p) => path.resolve(folder, p)));
  }
  return written;
}

const GENERATED_TYPES = new Set(SAMPLE_FIXTURES.map(([id]) => id));
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The files of `folder` this script made: alerts of its types, entities marked IsPartial, their profiles. */
export function generatedFiles(folder: string): string[] {
  const list = (dir: string) => (fs.existsSync(path.join(folder, dir)) ? fs.readdirSync(path.join(folder, dir)).map((f) => path.join(folder, dir, f)) : []);
  const alerts = list('alerts').filter((f) => GENERATED_TYPES.has(readJson(f).externalId));
  const entities = list('entities').filter((f) => readJson(f).IsPartial === true);
  const ids = new Set(entities.map((f) => String(readJson(f).Id).toLowerCase()));
  const profiles = list('profiles').filter((f) => ids.has(String(readJson(f).UniqueEntityId).toLowerCase()));
  return [...alerts, ...entities, ...profiles].sort();
}

/** Regenerates into a copy of `samples` and reports every difference from the committed files. */
export async function checkSampleFixtures(samples: string): Promise<string[]> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-sample-fixtures-'));
  try {
    fs.cpSync(samples, copy, { recursive: true });
    for (const f of generatedFiles(copy)) fs.rmSync(f);
    const made = (await writeSampleFixtures(copy)).map((f) => path.relative(copy, f)).sort();
    const committed = generatedFiles(samples).map((f) => path.relative(samples, f)).sort();
    const problems: string[] = [];
    for (const rel of new Set([...made, ...committed])) {
      if (!made.includes(rel)) problems.push(`${rel}: in samples/ but not made by the script`);
      else if (!committed.includes(rel)) problems.push(`${rel}: made by the script but not in samples/`);
      else if (fs.readFileSync(path.join(copy, rel), 'utf8') !== fs.readFileSync(path.join(samples, rel), 'utf8')) problems.push(`${rel}: differs`);
    }
    return problems;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const samples = path.resolve(__dirname, '..', 'samples');
  if (process.argv.includes('--check')) {
    const problems = await checkSampleFixtures(samples);
    for (const p of problems) console.error(p);
    console.error(problems.length ? `${problems.length} differences.` : `The ${SAMPLE_FIXTURES.length} sample fixtures are as the script makes them.`);
    process.exitCode = problems.length ? 1 : 0;
    return;
  }
  for (const f of generatedFiles(samples)) fs.rmSync(f);
  const written = await writeSampleFixtures(samples);
  console.error(`Wrote ${written.length} files for ${SAMPLE_FIXTURES.length} alert types.`);
}

if (require.main === module) void main();
