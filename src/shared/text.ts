/**
 * Bidirectional control characters (U+202A–U+202E, U+2066–U+2069) reorder the text that follows them
 * ("Trojan Source"): `\u202Egnp.exe` displays as `exe.png`. Fixture text is shown with each of them
 * replaced by a visible marker such as `⟨U+202E⟩`, so what the analyst reads is what the file says.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function revealBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
