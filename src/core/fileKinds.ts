import picomatch from 'picomatch';
import type { FileKind } from './model';

/** Globs (relative to a workspace folder) that say which files are which kind. Each is a setting. */
export interface FileGlobs {
  alert: string;
  entity: string;
  profile: string;
}

export const DEFAULT_GLOBS: FileGlobs = {
  alert: '**/*.alert.json',
  entity: '**/*.entity.json',
  profile: '**/*.profile.json',
};

/** Where the verdict ledger lives, relative to a workspace folder (a setting). */
export const DEFAULT_LEDGER_PATH = '.atp/classifications.json';

/** The `files.exclude` setting's default: the editor's search skips these. */
export const DEFAULT_EXCLUDE_GLOB = '**/{node_modules,.git,dist,out}/**';

/** Folders never searched for fixtures. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

/**
 * An import stages the folders it creates under this prefix and renames them into place when complete
 * (core/import/atomicWrite.ts): what is inside is not a fixture yet, for the walk or a file watcher.
 */
export const STAGING_FOLDER_PREFIX = '.atp-staging-';

export type KindMatcher = (relativePath: string) => Exclude<FileKind, 'ledger'> | undefined;

export function kindMatcher(globs: FileGlobs = DEFAULT_GLOBS): KindMatcher {
  const alert = globMatcher(globs.alert);
  const entity = globMatcher(globs.entity);
  const profile = globMatcher(globs.profile);
  return (relativePath) => {
    const p = relativePath.replace(/\\/g, '/');
    if (p.includes(STAGING_FOLDER_PREFIX) && /(^|\/)\.atp-staging-/.test(p)) return undefined;
    if (alert(p)) return 'alert';
    if (entity(p)) return 'entity';
    if (profile(p)) return 'profile';
    return undefined;
  };
}

/**
 * picomatch's matcher behind a test of the text every match ends with (the glob's trailing literal, e.g.
 * `.alert.json`): a walk asks each of tens of thousands of names against three globs, and most names end
 * otherwise. The regular expression still decides every name that passes, so what matches is picomatch's.
 */
function globMatcher(glob: string): (p: string) => boolean {
  const matcher = picomatch(glob, { dot: true, windows: false });
  const suffix = /[^*?[\]{}()!+@\\]*$/.exec(glob)![0];
  const slashed = `${suffix}/`; // (picomatch also matches a path with a trailing slash)
  return suffix ? (p) => (p.endsWith(suffix) || p.endsWith(slashed)) && matcher(p) : matcher;
}
