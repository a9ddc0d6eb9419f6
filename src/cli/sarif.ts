/**
 * SARIF 2.1.0 output of `atp-workbench validate --format sarif`, for code-scanning upload (e.g. GitHub's
 * upload-sarif action). One run, one rule per problem code, locations relative to %SRCROOT% (the
 * current folder) with 1-based lines and columns in UTF-16 code units, as the editor counts them.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem, ProblemSeverity } from '../core/model';
import { relativeInside, toPosix } from '../core/paths';
import { lookupTable } from '../shared/lookupTable';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<ProblemSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note' };

/** What each code means, for the rule list (codes without an entry get a generic description). */
const RULE_TEXT: Record<string, string> = lookupTable({
  'json-syntax': 'The file is not valid JSON.',
  'json-duplicate-key': 'An object has the same key twice.',
  'json-too-deep': 'The JSON nests too deeply to be loaded.',
  'empty-file': 'The file is empty.',
  'binary-file': 'The file is binary or not UTF-8 text.',
  'file-too-large': 'The file is over the size limit.',
  'not-an-object': 'The document is not a JSON object.',
  'schema-required': 'A required property is missing.',
  'schema-unknown-property': 'A property the schema does not allow.',
  'schema-enum': 'A value outside the allowed values.',
  'schema-const': 'A value other than the one required.',
  'schema-type': 'A value of the wrong JSON type.',
  'schema-pattern': 'A string that does not have the expected format.',
  'schema-format': 'A string that is not in the expected format.',
  'schema-union': 'A value that fits none of the allowed shapes.',
  'schema-range': 'A number out of range.',
  'schema-size': 'A string, array or object of the wrong size.',
  'unresolved-entity': 'An entity id that resolves to no Unique Entity Json file.',
  'duplicate-alert-id': 'Two alert fixtures share an id.',
  'duplicate-entity-id': 'Two Unique Entity Json files share an Id.',
  'duplicate-profile': 'An entity has more than one profile.',
  'phase-mismatch': 'The phase disagrees with the alert catalog.',
  'looks-like-export': 'A file that looks like an alert export, which `import` turns into fixtures.',
  'type-mismatch': 'The alert type disagrees with the catalog\'s type for the external ID.',
  'unknown-external-id': 'The external ID is not in the alert catalog.',
  'role-type-mismatch': 'An entity whose $type does not fit its role.',
  'end-before-start': 'The end time is before the start time.',
  'orphan-profile': 'A profile whose entity does not exist.',
  'entity-file-has-errors': 'A reference to an entity whose file does not parse (its own error says why).',
  'expired-password-active': 'An active account whose password has expired.',
});

export interface SarifOptions {
  cwd: string;
  toolVersion: string;
  /** Files checked, listed as artifacts. */
  files?: string[];
}

export function toSarif(problems: Problem[], options: SarifOptions) {
  const codes = [...new Set(problems.map((p) => p.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const uri = (file: string) => {
    const rel = relativeInside(file, options.cwd);
    return rel !== undefined ? { uri: toPosix(rel).split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' } : { uri: pathToFileURL(file).href };
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'atp-workbench',
          fullName: 'ATP Alert Workbench validate',
          version: options.toolVersion,
          rules: codes.map((code) => ({
            id: code,
            name: code.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: RULE_TEXT[code] ?? `Problem "${code}".` },
            defaultConfiguration: { level: LEVEL[problems.find((p) => p.code === code)!.severity] },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(options.cwd + path.sep).href } },
      columnKind: 'utf16CodeUnits',
      ...(options.files ? { artifacts: options.files.map((f) => ({ location: uri(f) })) } : {}),
      results: problems.map((p) => ({
        ruleId: p.code,
        ruleIndex: ruleIndex.get(p.code),
        level: LEVEL[p.severity],
        message: { text: p.message },
        locations: [{
          physicalLocation: {
            artifactLocation: uri(p.file),
            region: {
              startLine: p.range.start.line + 1,
              startColumn: p.range.start.character + 1,
              endLine: p.range.end.line + 1,
              endColumn: p.range.end.character + 1,
            },
          },
        }],
        ...(p.related?.length ? { relatedLocations: p.related.map((r, id) => ({ id, physicalLocation: { artifactLocation: uri(r.file) }, message: { text: r.message } })) } : {}),
      })),
    }],
  };
}
