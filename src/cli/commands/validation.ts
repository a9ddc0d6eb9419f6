import { parseArgs } from 'node:util';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/loader';
import type { ProblemSeverity } from '../../core/model';
import { loadUserSchema, type FixtureKind, type UserSchema } from '../../core/validation/userSchemas';
import { validatePaths } from '../../core/validation/workspaceValidation';
import type { ParallelOptions } from '../../core/validation/parallelValidation';
import { noFixturesMessage } from '../../core/discovery';
import { displayPath, formatProblemLine, problemToJson } from '../format';
import { importHints } from '../importHints';
import { toSarif } from '../sarif';
import { EXIT, UsageError, maxFileBytesOption, type CliCommand } from '../io';
import { lookupTable } from '../../shared/lookupTable';

const RANK: Record<ProblemSeverity, number> = lookupTable({ error: 3, warning: 2, information: 1 });
const TOOL_VERSION = '0.1.0';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check alert, entity and profile fixtures (and the verdict ledger) against the schemas and each other.',
  usage: `Usage: atp-workbench validate [paths...] [options]

Checks every *.alert.json, *.entity.json and *.profile.json under the paths (default: the current
folder), plus each folder's .atp/classifications.json. Prints one line per problem:
  file:line:column: severity: message [code]

Options:
  --format text|json|sarif  output format (default: text); sarif is SARIF 2.1.0 for code scanning
  --strict               flag attributes the schemas do not know
  --schema KIND=FILE     also apply your own JSON Schema (draft-07) to one kind: alert, entity or profile;
                         repeatable. Its $refs must stay inside the file: nothing is fetched.
  --fail-on LEVEL        error | warning | information: the lowest severity that fails (default: warning)
  --max-file-size MB     files larger than this are reported, not loaded (default: ${DEFAULT_MAX_FILE_BYTES / 1024 / 1024})
  --allow-empty          succeed even when the paths hold no alert, entity or profile file
  -h, --help             show this help

Exit codes: 0 no problems at or above --fail-on, 1 problems found, 2 bad usage, an unreadable path, no
fixture under the paths (unless --allow-empty) or an unusable --schema file.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        strict: { type: 'boolean', default: false },
        'fail-on': { type: 'string', default: 'warning' },
        'max-file-size': { type: 'string' },
        schema: { type: 'string', multiple: true },
        'allow-empty': { type: 'boolean', default: false },
      },
    });
    const format = values.format!;
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`Unknown --format "${format}": use text, json or sarif.`);
    const failOn = values['fail-on'] as ProblemSeverity;
    if (!(failOn in RANK)) throw new UsageError(`Unknown --fail-on "${failOn}": use error, warning or information.`);
    const maxFileBytes = maxFileBytesOption(values['max-file-size']);
    const extraSchemas: Partial<Record<FixtureKind, UserSchema>> = {};
    for (const spec of values.schema ?? []) {
      const m = /^(alert|entity|profile)=(.+)$/.exec(spec);
      if (!m) throw new UsageError(`--schema takes KIND=FILE with KIND alert, entity or profile, not "${spec}".`);
      const loaded = await loadUserSchema(path.resolve(io.cwd, m[2]!), m[1] as FixtureKind);
      if (!loaded.ok) {
        // A broken schema is bad input to the command, not a finding about the fixtures.
        for (const p of loaded.problems) io.err(formatProblemLine(p, io.cwd) + '\n');
        return EXIT.usage;
      }
      extraSchemas[m[1] as FixtureKind] = loaded.schema;
    }
    const paths = positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : [io.cwd];
    const started = Date.now();
    const result = await validatePaths(paths, {
      batch: true, strict: values.strict, maxFileBytes, extraSchemas, displayRelativeTo: io.cwd, collectOthers: true, parallel: parallelOption(io.env),
    });
    if (io.env.ATP_WORKBENCH_TRACE) io.err(`atp-workbench validate: ${result.threads ? `${result.threads} threads` : 'this thread'}${result.parallelFailure ? ` (workers failed: ${result.parallelFailure})` : ''}\n`);
    // (the walk above listed the files that are not fixtures: no second walk for the hints)
    result.problems.push(...(await importHints(paths, io.cwd, result.others)));
    const unreadablePath = result.problems.some((p) => p.code === 'path-not-found');
    if (!unreadablePath && result.fixtures === 0 && !values['allow-empty']) {
      // Say what the paths do hold when it is something to import, then why nothing was checked.
      for (const p of result.problems.filter((q) => q.code === 'looks-like-export')) io.err(formatProblemLine(p, io.cwd) + '\n');
      io.err(`atp-workbench validate: ${noFixturesMessage(paths.map((p) => displayPath(p, io.cwd)), result.ignoredJson ?? 0)}.\n`);
      return EXIT.usage;
    }
    const failing = result.problems.filter((p) => RANK[p.severity] >= RANK[failOn]);
    if (format === 'sarif') {
      io.out(JSON.stringify(toSarif(result.problems, { cwd: io.cwd, toolVersion: TOOL_VERSION, files: result.files }), null, 2) + '\n');
    } else if (format === 'json') {
      io.out(JSON.stringify({
        files: result.files.length,
        problems: result.problems.map((p) => problemToJson(p, io.cwd)),
        counts: countBySeverity(result.problems),
        durationMs: Date.now() - started,
      }, null, 2) + '\n');
    } else {
      for (const p of result.problems) io.out(formatProblemLine(p, io.cwd) + '\n');
      const c = countBySeverity(result.problems);
      io.err(`${result.files.length} files checked: ${c.error} errors, ${c.warning} warnings, ${c.information} information (${Date.now() - started} ms).\n`);
    }
    if (unreadablePath) return EXIT.usage;
    return failing.length ? EXIT.problems : EXIT.ok;
  },
};

/**
 * Big inputs are checked on worker threads. ATP_WORKBENCH_PARALLEL_MIN_FILES sets the fewest files worth
 * them ("off": never), ATP_WORKBENCH_VALIDATE_THREADS how many (default: one per core); tests use both
 * to compare the two paths on any machine.
 */
function parallelOption(env: Record<string, string | undefined>): ParallelOptions | undefined {
  if (env.ATP_WORKBENCH_PARALLEL_MIN_FILES === 'off') return undefined;
  const count = (raw: string | undefined) => (raw && Number.isInteger(Number(raw)) && Number(raw) >= 1 ? Number(raw) : undefined);
  const minFiles = count(env.ATP_WORKBENCH_PARALLEL_MIN_FILES);
  const threads = count(env.ATP_WORKBENCH_VALIDATE_THREADS);
  return { ...(minFiles ? { minFiles } : {}), ...(threads ? { threads } : {}) };
}

function countBySeverity(problems: { severity: ProblemSeverity }[]) {
  const c = { error: 0, warning: 0, information: 0 };
  for (const p of problems) c[p.severity]++;
  return c;
}
