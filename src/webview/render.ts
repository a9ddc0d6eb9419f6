/** Renders the evidence model (everything but the tables and the chain) with DOM APIs and text only. */
import type { EntityCardVm, EntityRefVm, EvidenceLineVm, EvidenceModel, HeaderVm, TriageVm, VerdictVm } from '../shared/evidence';
import type { VerdictChoice } from '../shared/protocol';
import { TEXT_LIMITS, clampLong } from './clamp';
import { button, h, uid, type Child } from './dom';
import { localText, parseTime, utcText } from './time';

export interface Actions {
  openEntity(entityId: string, target?: 'entity' | 'profile'): void;
  openAlertFile(): void;
  openInBrowser(): void;
  classify(verdict: VerdictChoice): void;
  exportReport(): void;
}

/** A time as "2025-02-06 08:02:19 UTC" with the local time beside it; raw text when it does not parse. */
function timeElement(iso: string | undefined, withLocal = true): HTMLElement {
  const d = parseTime(iso);
  if (!d) return h('span', { class: 'bad-time', title: 'Not an ISO 8601 time' }, iso ?? '—');
  return h('time', { datetime: d.toISOString() }, utcText(d), withLocal ? h('span', { class: 'local-time' }, ` (${localText(d)} local)`) : undefined);
}

function entityLink(ref: EntityRefVm, actions: Actions, text = ref.label): HTMLElement {
  if (!ref.resolved) return h('span', { class: 'entity-unresolved', title: `No entity file has the id ${ref.entityId}` }, text);
  return button(text, () => actions.openEntity(ref.entityId), { class: `entity-link kind-${ref.kind}`, title: `Open the Unique Entity Json of ${ref.label}` });
}

function section(title: string, cls: string, ...children: Child[]): HTMLElement {
  const id = uid('section');
  return h('section', { class: `section ${cls}`, 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function renderHeader(m: EvidenceModel, actions: Actions): HTMLElement {
  const hd: HeaderVm = m.header;
  const badges = h('ul', { class: 'badges', 'aria-label': 'Alert facts' },
    h('li', { class: `badge severity severity-${hd.severity.toLowerCase()}` }, `Severity: ${hd.severity}`),
    h('li', { class: `badge status status-${hd.status.toLowerCase().replace(/[^a-z]/g, '')}` }, `Status: ${hd.status}`),
    h('li', { class: 'badge' }, `External ID ${hd.externalId || '—'}`),
    hd.phase ? h('li', { class: 'badge' }, `${hd.phase}${hd.phaseDerived ? ' (from the catalog)' : ''}`) : undefined,
  );
  const typeLine = [hd.typeName, hd.alertType].filter(Boolean).join(' · ');
  const times = h('dl', { class: 'times' },
    h('dt', undefined, 'Start'), h('dd', undefined, timeElement(hd.startTime)),
    h('dt', undefined, 'End'), h('dd', undefined, hd.endTime ? timeElement(hd.endTime) : '—'),
    h('dt', undefined, 'Status updated'), h('dd', undefined, hd.statusUpdateTime ? timeElement(hd.statusUpdateTime) : '—'),
  );
  const actionsBar = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Alert actions' },
    hd.url ? button('View in browser', () => actions.openInBrowser(), { title: `Open ${hd.url} (VS Code asks first)` }) : undefined,
    button('Open alert JSON', () => actions.openAlertFile(), { title: `Open ${m.fileName}` }),
    button('Export to Excel', () => actions.exportReport(), { title: 'Write the portal\'s "Download Details" workbook for this alert' }),
  );
  return h('header', { class: `alert-header severity-${hd.severity.toLowerCase()}` },
    h('div', { class: 'severity-bar', 'aria-hidden': 'true' }),
    h('div', { class: 'header-body' },
      h('h1', { id: 'alert-title' }, hd.title),
      typeLine ? h('p', { class: 'muted type-line' }, typeLine) : undefined,
      badges,
      times,
      hd.urlProblem ? h('p', { class: 'warning-text' }, hd.urlProblem) : undefined,
      actionsBar,
      renderVerdict(m.verdict, actions),
    ));
}

function renderVerdict(v: VerdictVm, actions: Actions): HTMLElement {
  const labelId = uid('verdict-label');
  const choices: { verdict: VerdictChoice; text: string; title: string }[] = [
    { verdict: 'TP', text: 'TP', title: 'True positive: malicious activity' },
    { verdict: 'B-TP', text: 'B-TP', title: 'Benign true positive: real but not malicious (pen test, approved application)' },
    { verdict: 'FP', text: 'FP', title: 'False positive: the activity did not happen' },
  ];
  const group = h('div', { class: 'verdict-buttons', role: 'group', 'aria-labelledby': labelId },
    ...choices.map((c) => button(c.text, () => actions.classify(c.verdict), { title: c.title, 'aria-pressed': v.verdict === c.verdict ? 'true' : 'false', class: `verdict-${c.verdict.toLowerCase()}` })),
    v.verdict ? button('Clear', () => actions.classify('clear'), { title: 'Clear the verdict (kept in the history)' }) : undefined,
  );
  const facts = [v.determination, v.author, v.time].filter(Boolean).join(' · ');
  return h('div', { class: 'verdict', id: 'verdict' },
    h('span', { id: labelId, class: 'verdict-label' }, 'Verdict: '),
    h('strong', { class: `verdict-value verdict-${(v.verdict ?? 'none').toLowerCase()}` }, v.verdict ? `${v.verdict} — ${v.label}` : v.label),
    facts ? h('span', { class: 'muted' }, ` (${facts}${v.historyCount ? `; ${v.historyCount} earlier` : ''})`) : undefined,
    group,
    v.note ? clampLong(h('p', { class: 'verdict-note' }, v.note), v.note, TEXT_LIMITS) : undefined,
  );
}

export function renderDescription(m: EvidenceModel): HTMLElement {
  const text = m.description || 'The alert has no description.';
  return section('Description', 'description', clampLong(h('p', undefined, text), text, TEXT_LIMITS));
}

function renderEvidenceLine(line: EvidenceLineVm, actions: Actions): HTMLElement {
  const body = h('div', { class: 'evidence-line' });
  if (line.time) body.append(h('span', { class: 'evidence-time' }, '[', timeElement(line.time, false), '] '));
  for (const seg of line.segments) {
    if (!seg.entityId) body.append(seg.text);
    else {
      const id = seg.entityId;
      body.append(button(seg.text, () => actions.openEntity(id), { class: 'entity-link', title: `Open the Unique Entity Json of ${seg.text}` }));
    }
  }
  if (line.otherEntities.length) {
    body.append(h('span', { class: 'also' }, ' — ', ...line.otherEntities.flatMap((e, i) => [i ? ', ' : '', entityLink(e, actions)])));
  }
  return h('li', undefined, clampLong(body, line.segments.map((seg) => seg.text).join(''), TEXT_LIMITS));
}

export function renderEvidence(m: EvidenceModel, actions: Actions): HTMLElement {
  return section('Evidence', 'evidence',
    m.evidence.length ? h('ul', { class: 'evidence-lines' }, ...m.evidence.map((l) => renderEvidenceLine(l, actions))) : h('p', { class: 'muted' }, 'The alert has no evidence lines.'));
}

export function renderTriage(m: EvidenceModel, actions: Actions): HTMLElement {
  const item = (t: TriageVm) => {
    const qid = uid('triage');
    return h('li', { class: `triage-item tone-${t.tone}`, 'aria-labelledby': qid, 'data-tone': t.tone },
      h('h3', { id: qid }, t.question),
      h('p', { class: 'answer' }, h('span', { class: 'visually-hidden' }, `${toneWord(t.tone)}: `), t.answer),
      t.details.length ? h('ul', { class: 'details' }, ...t.details.map((d) => h('li', undefined, d))) : undefined,
      t.entities.length ? h('p', { class: 'chips' }, ...t.entities.flatMap((e, i) => [i ? ' ' : '', entityLink(e, actions)])) : undefined,
    );
  };
  return section('Triage', 'triage', h('ul', { class: 'triage-list' }, ...m.triage.map(item)));
}

function toneWord(tone: TriageVm['tone']): string {
  switch (tone) {
    case 'suspicious': return 'Suspicious';
    case 'warning': return 'Caution';
    case 'benign': return 'Points to benign';
    case 'unknown': return 'Cannot tell';
    default: return 'Note';
  }
}

function renderCard(c: EntityCardVm, actions: Actions): HTMLElement {
  const nameId = uid('card');
  return h('article', { class: `card kind-${c.kind}${c.resolved ? '' : ' unresolved'}`, 'aria-labelledby': nameId },
    h('h4', { id: nameId }, c.name),
    h('p', { class: 'muted card-type' }, `${c.typeLabel}${c.otherAlerts ? ` · in ${c.otherAlerts} other alert${c.otherAlerts === 1 ? '' : 's'}` : ''}`),
    c.flags.length || c.exclusion ? h('ul', { class: 'flags', 'aria-label': 'Flags' },
      ...c.flags.map((f) => h('li', { class: `flag tone-${f.tone}`, title: f.detail }, f.label)),
      c.exclusion ? h('li', { class: 'flag tone-benign', title: `Excluded by ${c.exclusion.author} at ${c.exclusion.time}${c.exclusion.reason ? `: ${c.exclusion.reason}` : ''}` }, `Excluded from ${c.exclusion.externalId}`) : undefined,
    ) : undefined,
    c.attributes.length ? h('dl', { class: 'attributes' }, ...c.attributes.flatMap((a) => [h('dt', undefined, a.label), h('dd', { 'data-tone': a.tone }, a.value)])) : h('p', { class: 'muted' }, c.entityId),
    h('div', { class: 'card-actions' },
      c.resolved ? button('Open entity JSON', () => actions.openEntity(c.entityId, 'entity'), { 'aria-label': `Open the Unique Entity Json of ${c.name}` }) : undefined,
      c.hasProfile ? button('Open profile JSON', () => actions.openEntity(c.entityId, 'profile'), { 'aria-label': `Open the Unique Entity Profile Json of ${c.name}` }) : undefined,
    ),
  );
}

export function renderEntities(m: EvidenceModel, actions: Actions): HTMLElement {
  if (!m.entityGroups.length) return section('Entities', 'entities', h('p', { class: 'muted' }, 'The alert names no entities.'));
  return section('Entities', 'entities',
    ...m.entityGroups.map((g) => {
      const id = uid('role');
      return h('section', { class: 'role-group', 'aria-labelledby': id },
        h('h3', { id }, `${g.label} (${g.cards.length})`),
        h('div', { class: 'cards' }, ...g.cards.map((c) => renderCard(c, actions))));
    }));
}

export function renderProblems(m: EvidenceModel): HTMLElement | undefined {
  if (!m.problems.length) return undefined;
  return section('Problems in the fixture', 'problems', h('ul', undefined, ...m.problems.map((p) => h('li', undefined, p))));
}

export { section };
