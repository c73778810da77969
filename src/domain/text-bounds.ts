/**
 * Bounds on what people typed, applied before it is written anywhere: whatever the input, every comment
 * and body the app writes stays well under GitHub's 65,536 characters and every title under 256, so no
 * text can make a write fail and freeze the incident. The full text stays where the person wrote it.
 */
export const TEXT_BOUNDS = {
  /** Summary, impact, root cause, resolution in the dashboard. */
  prose: 2_000,
  /** The actions text of a status update comment. */
  updateText: 6_000,
  /** A dashboard table cell (a timeline note, a reason). */
  cell: 300,
  /** A refused line quoted in a reply, and the message about it. */
  replyLine: 300,
  /** GitHub refuses a longer issue title with 422. */
  title: 256,
} as const;

/** The text cut to at most `max` characters (never inside a surrogate pair), and whether it was cut. */
export function clip(text: string, max: number): { text: string; clipped: boolean } {
  if (text.length <= max) return { text, clipped: false };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), clipped: true };
}

/** Cut to `max` characters with an ellipsis when anything was left out. */
export function clipWithEllipsis(text: string, max: number): string {
  const cut = clip(text, max - 1);
  return cut.clipped ? `${cut.text.trimEnd()}…` : text;
}
