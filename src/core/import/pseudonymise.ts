/**
 * `import --scrub`: alerts pseudonymised on their way into the workspace, with the scrub feature's
 * keyed mapping, so the pseudonyms are the ones `atp-workbench scrub` gives the same documents with the
 * same key (and tomorrow's import lands on the same pseudonymous entities). Every document the readers
 * produced is collected first — the mapping needs all originals before it assigns any pseudonym — then
 * the merger rewrites each document through `transform` (so entity matching compares pseudonymised
 * identities with the workspace's pseudonymised files), and `verify` searches everything about to be
 * written for every original before a byte is written.
 */
import { LeftoverFinder, ScrubSession, type ScrubMapping, type ScrubOptions } from '../scrub';
import type { MergeOptions, PendingWrite } from './merge';
import type { ReaderResult, Skipped } from './types';

export interface PseudonymisedImport {
  /** The reader result with its verdicts (alert ids, notes, times) pseudonymised. */
  input: ReaderResult;
  /** The merger's hooks and the verdicts' author, pseudonymised. */
  merge: Required<Pick<MergeOptions, 'transform' | 'verify'>> & { author?: string };
  mapping: ScrubMapping;
}

export function pseudonymiseImport(input: ReaderResult, options: ScrubOptions & { author?: string }): PseudonymisedImport {
  const session = new ScrubSession(options);
  // The verdicts as the ledger will hold them: the author and the notes are identities too.
  const ledger = { alerts: Object.fromEntries(input.verdicts.map((v) => [v.alertId, { ...(options.author ? { author: options.author } : {}), ...(v.note ? { note: v.note } : {}) }])) };
  const docs: ReadonlyArray<readonly ['entity' | 'profile' | 'alert' | 'ledger', unknown]> = [
    ...input.entities.map((e) => ['entity', e] as const),
    ...input.profiles.map((p) => ['profile', p] as const),
    ...input.alerts.map((a) => ['alert', a.alert] as const),
    ['ledger', ledger] as const,
  ];
  for (const [kind, value] of docs) session.collect(kind, value);
  for (const [, value] of docs) session.scan('', value);
  for (const [, value] of docs) session.scanHosts('', value);
  session.assign();

  const text = (s: string) => session.rewriteValue('text', s) as string;
  const finder = new LeftoverFinder(session.mapping.tokens());
  const verify = (writes: PendingWrite[]): Skipped[] =>
    writes.flatMap((w) => finder.find(w.file, w.text, { json: true, name: w.name }).map((l) => ({
      where: `${w.file}:${l.line}:${l.column}`,
      reason: `the original ${l.where === 'name' ? 'in the file name' : 'text'} "${l.found}" would remain`,
    })));
  return {
    input: {
      ...input,
      verdicts: input.verdicts.map((v) => ({ ...v, alertId: text(v.alertId), ...(v.note ? { note: text(v.note) } : {}), ...(v.time ? { time: text(v.time) } : {}) })),
    },
    merge: {
      transform: (doc, kind) => session.rewriteValue(kind, doc) as typeof doc,
      verify,
      author: options.author === undefined ? undefined : text(options.author),
    },
    mapping: session.mapping,
  };
}
