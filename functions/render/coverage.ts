/**
 * Text holding a character the bid typeface has no glyph for (functions/render/typeface.ts).
 * Printing it would leave an empty box in a document sent to a funder, so the render stops
 * and says which character, in which text and section.
 */
export class UncoveredCharacterError extends Error {
  readonly codePoint: string;

  constructor(
    readonly character: string,
    readonly text: string,
    /** Section id, "title" for the title page, "appendix" for the data sources. */
    readonly section?: string,
  ) {
    const codePoint = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    super(
      `${section ? `section "${section}": ` : ''}"${excerpt(text, character)}" has "${character}" (${codePoint}), a character the bid typeface (Noto Sans: Latin, Greek, punctuation and common symbols) cannot print`,
    );
    this.name = 'UncoveredCharacterError';
    this.codePoint = codePoint;
  }

  /** The same error, placed in a section. */
  in(section: string): UncoveredCharacterError {
    return this.section ? this : new UncoveredCharacterError(this.character, this.text, section);
  }
}

/** Up to 60 characters of `text` around the first `character`. */
function excerpt(text: string, character: string): string {
  const characters = [...text.trim()];
  if (characters.length <= 60) return characters.join('');
  const at = Math.max(0, characters.indexOf(character));
  const start = Math.max(0, Math.min(at - 30, characters.length - 60));
  const piece = characters.slice(start, start + 60).join('');
  return `${start > 0 ? '…' : ''}${piece}${start + 60 < characters.length ? '…' : ''}`;
}
