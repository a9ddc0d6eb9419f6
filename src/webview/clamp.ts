/**
 * Long fixture text (a 40 000-character description, evidence line or table cell) is shown clamped to a
 * few lines with a "Show all" toggle, so one huge value cannot push the rest of the panel out of reach.
 * The whole text is in the page all along (find-in-page and screen readers get it); the stylesheet
 * limits the lines shown (`.clamp-body.clamped`, evidence.css), and the toggle appears only when the
 * clamped text really overflows at the panel's current width.
 */
import { button, h, uid } from './dom';

export interface ClampLimits {
  /** Text of at most this many characters is never clamped (it fits in the visible lines at any sensible width). */
  characters: number;
  /** The stylesheet's class saying how many lines stay visible. */
  className: 'clamp-text' | 'clamp-cell';
}

/** Descriptions, evidence lines, verdict notes: six lines visible. */
export const TEXT_LIMITS: ClampLimits = { characters: 300, className: 'clamp-text' };
/** Table cells: three lines visible. */
export const CELL_LIMITS: ClampLimits = { characters: 80, className: 'clamp-cell' };

/** Toggles of the clamped bodies being watched; one observer for all of them. */
const toggles = new WeakMap<Element, HTMLButtonElement>();
let observer: ResizeObserver | undefined;

function watch(body: HTMLElement, toggle: HTMLButtonElement): void {
  toggles.set(body, toggle);
  observer ??= new ResizeObserver((entries) => {
    for (const { target } of entries) {
      // A body taken out of the page (another table page, a rebuild) reports a last size: stop watching it.
      if (!target.isConnected) {
        observer!.unobserve(target);
        continue;
      }
      const t = toggles.get(target);
      if (t && target.classList.contains('clamped')) t.hidden = target.scrollHeight <= target.clientHeight + 1;
    }
  });
  observer.observe(body);
}

/**
 * `body` itself when `text` is short; else `body` clamped, followed by a toggle button that shows all of
 * it and back (aria-expanded, aria-controls; Enter and Space work as on any button).
 */
export function clampLong(body: HTMLElement, text: string, limits: ClampLimits): HTMLElement {
  if (text.length <= limits.characters) return body;
  const id = body.id || uid('clamp');
  body.id = id;
  body.classList.add('clamp-body', limits.className, 'clamped');
  const more = `Show all (${text.length.toLocaleString('en-US')} characters)`;
  const toggle = button(more, () => {
    const expanded = !body.classList.toggle('clamped');
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = expanded ? 'Show less' : more;
    // Collapsing a long text would leave the reader far below it: bring its start back into view.
    if (!expanded) body.scrollIntoView({ block: 'nearest' });
  }, { class: 'clamp-toggle', 'aria-expanded': 'false', 'aria-controls': id });
  watch(body, toggle);
  return h('div', { class: 'clamp' }, body, toggle);
}
