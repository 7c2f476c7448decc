import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import type { HostRender } from './date-host-runner.js';
import { print, thrownBy } from './narrative-test-kit.js';

const runner = fileURLToPath(new URL('./date-host-runner.ts', import.meta.url));

/** Expressions whose text LiquidJS's own `date` took from the host, and what they must print. */
const DATES: ReadonlyArray<readonly [expression: string, text: string]> = [
  ['"2026-03-01" | date', '1 March 2026'],
  ['snapshot.takenAt | date: "%x"', '01/03/2026'],
  ['snapshot.takenAt | date: "%X"', '09:00:00'],
  ['snapshot.takenAt | date: "%c"', '01/03/2026, 09:00:00'],
  // New York moves its clocks forward at 07:00 UTC that day.
  ['"2026-03-08T06:30:00Z" | date: "%H:%M"', '06:30'],
  ['"2026-03-01T09:30:00" | date: "%H:%M %z, %s"', '09:30 +0000, 1772357400'],
  ['"2026-03-01T09:30:00+01:00" | date: "%-d %b %Y, %H:%M %:z"', '1 Mar 2026, 09:30 +01:00'],
  ['"2026-09-01" | date: "%A %-d %b"', 'Tuesday 1 Sept'],
];

const HOSTS = [
  { TZ: 'America/New_York', LC_ALL: 'en_US.UTF-8', locale: 'en-US' },
  { TZ: 'Pacific/Kiritimati', LC_ALL: 'de_DE.UTF-8', locale: 'de-DE' },
] as const;

/** Renders the expressions in a process of its own, with the host's time zone and locale set. */
async function renderOnHost(host: (typeof HOSTS)[number]): Promise<HostRender> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', runner, JSON.stringify(DATES.map(([expression]) => expression))],
    { env: { ...process.env, TZ: host.TZ, LC_ALL: host.LC_ALL, LANG: host.LC_ALL } },
  );
  return JSON.parse(stdout) as HostRender;
}

function dateError(expression: string): TemplateError {
  const error = thrownBy(() => print(expression));
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe('Filter: date', () => {
  it.each(DATES)('prints {{ %s }} as %s', (expression, text) => {
    // Act
    const printed = print(expression);

    // Assess
    expect(printed).toBe(text);
  });

  it.each(HOSTS)(
    'prints the same dates on a machine in $TZ with locale $LC_ALL',
    async (host) => {
      // Act
      const rendered = await renderOnHost(host);

      // Assess
      expect(rendered.timeZone).toBe(host.TZ);
      expect(rendered.locale).toBe(host.locale);
      expect(rendered.texts).toEqual(DATES.map(([, text]) => text));
    },
    30_000,
  );

  it.each([
    ['"2026-02-30"', 'text "2026-02-30" is not a date: February 2026 has 28 days'],
    ['"2025-02-29"', 'text "2025-02-29" is not a date: February 2025 has 28 days'],
    ['"2026-13-01"', 'text "2026-13-01" is not a date: there is no month 13'],
    [
      '"2026-03-01T24:00"',
      'text "2026-03-01T24:00" is not a date: a time of day runs from 00:00:00 to 23:59:59',
    ],
  ])('refuses the impossible date %s', (input, detail) => {
    // Act
    const error = dateError(`${input} | date`);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('date');
    expect(error.detail).toBe(`date filter: ${detail}`);
  });

  it('prints 29 February of a leap year', () => {
    // Act
    const text = print('"2024-02-29" | date');

    // Assess
    expect(text).toBe('29 February 2024');
  });

  it.each([
    ['"%Q"', /the format has %Q, which is not a date conversion/],
    ['"50%"', /the format ends in a lone %/],
    [
      '"%Y", "America/New_York"',
      /takes one argument, the format; a date prints in the time zone written in it/,
    ],
    ['5', /the format must be text, such as "%-d %B %Y", got the number 5/],
    ['"%99Y"', /a width of 99 in the format is more than 20/],
  ])('refuses the arguments %s instead of guessing', (args, message) => {
    // Act
    const error = dateError(`snapshot.takenAt | date: ${args}`);

    // Assess
    expect(error.kind).toBe('filter');
    expect(error.reference).toBe('date');
    expect(error.detail).toMatch(message);
  });

  it('refuses a format long enough to make a very long text', () => {
    // Act
    const error = dateError(`snapshot.takenAt | date: "${'%c'.repeat(60)}"`);

    // Assess
    expect(error.detail).toBe('date filter: the format is 120 characters long, more than 100');
  });
});
