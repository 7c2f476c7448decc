import { type Liquid, Tokenizer, type TopLevelToken } from 'liquidjs';

type HtmlToken = ReturnType<Tokenizer['readHTMLToken']>;

/**
 * LiquidJS's tokenizer, finding where a run of text ends with `indexOf`. LiquidJS tests
 * every stop string at every character through a closure, which before the engine has
 * compiled it cost a cold upload check a third of its time; the tokens are the same.
 */
class SourceTokenizer extends Tokenizer {
  override readHTMLToken(stopStrings: string[]): HtmlToken {
    const begin = this.p;
    let end = this.N;
    for (const stop of stopStrings) {
      const at = this.input.indexOf(stop, begin);
      if (at !== -1 && at < end) end = at;
    }
    // LiquidJS's own token, empty where the text starts (an empty stop string matches at
    // once), then stretched to the run's end.
    const token = super.readHTMLToken(['']);
    token.end = Math.max(begin, end);
    this.p = token.end;
    return token;
  }
}

/** The top-level tokens of `text` as `liquid.parse` reads them, whitespace control applied. */
export function readTopLevelTokens(liquid: Liquid, text: string): TopLevelToken[] {
  const { options } = liquid;
  return new SourceTokenizer(
    text,
    options.operators,
    undefined,
    undefined,
    options.groupedExpressions,
  ).readTopLevelTokens(options);
}
