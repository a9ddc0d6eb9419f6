/**
 * Bidirectional control characters (U+202A–U+202E, U+2066–U+2069) reorder the text that follows them
 * ("Trojan Source"): `\u202Egnp.exe` displays as `exe.png`. Fixture text is shown with each of them
 * replaced by a visible marker such as `⟨U+202E⟩`, so what the analyst reads is what the file says.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function revealBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** `1 alert`, `3 alerts`, `2 entities`; `many` for the irregular ones. */
export function plural(n: number, one: string, many = regularPlural(one)): string {
  return `${n} ${n === 1 ? one : many}`;
}

function regularPlural(word: string): string {
  return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
}

/** A JSON object (not null, not an array): what fixture and message fields are checked against. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
