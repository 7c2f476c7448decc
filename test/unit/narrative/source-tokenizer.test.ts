import fc from 'fast-check';
import { Tokenizer, type TopLevelToken } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { liquid, parseSource } from '../../../functions/narrative/liquid-engine.js';
import { readTopLevelTokens } from '../../../functions/narrative/source-tokenizer.js';

/** What a test compares of a token: its kind and place, trimming, and a tag's name and arguments. */
function describeToken(token: TopLevelToken): Record<string, unknown> {
  const { kind, begin, end } = token;
  const { trimLeft, trimRight, name, args } = token as unknown as Record<string, unknown>;
  return { kind, begin, end, trimLeft, trimRight, name, args, text: token.getText() };
}

/** The tokens, or the error, as LiquidJS's own tokenizer reads `text`. */
function liquidTokens(text: string): unknown {
  const { options } = liquid;
  try {
    const tokenizer = new Tokenizer(
      text,
      options.operators,
      undefined,
      undefined,
      options.groupedExpressions,
    );
    return tokenizer.readTopLevelTokens(options).map(describeToken);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function sourceTokens(text: string): unknown {
  try {
    return readTopLevelTokens(liquid, text).map(describeToken);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Text made of Liquid's delimiters, whitespace control, raw blocks and ordinary text. */
const sources = fc.string({
  unit: fc.constantFrom(
    '{{',
    '}}',
    '{%',
    '%}',
    '{{-',
    '-}}',
    '{%-',
    '-%}',
    '{% raw %}',
    '{% endraw %}',
    '{% liquid echo 1 %}',
    '{{ programme.name }}',
    '{% if a %}',
    '{% endif %}',
    '{',
    '}',
    '%',
    '-',
    '"',
    'a',
    ' ',
    '\n',
    'é',
    '😀',
  ),
  maxLength: 60,
});

describe('Function: readTopLevelTokens', () => {
  it('reads any text into the tokens LiquidJS reads, or fails as LiquidJS fails', () => {
    fc.assert(
      fc.property(sources, (text) => {
        expect(sourceTokens(text)).toEqual(liquidTokens(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads a run of text up to the first delimiter, and text with none to its end', () => {
    // Arrange
    const text = 'Posts: {{ figures.posts }} in {% if a %}all{% endif %} years';

    // Act
    const texts = readTopLevelTokens(liquid, text).map((token) => token.getText());

    // Assert
    expect(texts).toEqual([
      'Posts: ',
      '{{ figures.posts }}',
      ' in ',
      '{% if a %}',
      'all',
      '{% endif %}',
      ' years',
    ]);
  });
});

describe('Function: parseSource', () => {
  it('renders a {% liquid %} block whose lines the nesting check has already read', async () => {
    // Arrange
    const source = '{% liquid\nassign n = 2\nif n > 1\necho "many"\nendif %}.';

    // Act
    const templates = parseSource(source);
    const text = await liquid.render(templates, {});

    // Assert
    expect(text).toBe('many.');
  });
});
