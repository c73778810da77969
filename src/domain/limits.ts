/**
 * GitHub refuses an issue or comment body over 65,536 characters (422). Everything Firebreak writes is
 * bounded below that, with room for its record line, whatever people typed.
 */
export const GITHUB_BODY_LIMIT = 65_536;

/** What the app's own comments may use, leaving room for the record line and a later edit of it. */
export const COMMENT_TEXT_LIMIT = 60_000;
