import { MONTHS } from '../month-names.js';
import { describeValue, FilterError } from './filters.js';

const FILTER = 'date';
const DEFAULT_FORMAT = '%-d %B %Y';
/** Longest format: a date is a few words, and a bounded format bounds the text it makes. */
const MAX_FORMAT_CHARS = 100;
/** Widest a conversion may be padded, as in `%10B`. */
const MAX_WIDTH = 20;

/** ISO 8601 date or timestamp, e.g. "2026-03-01", "2026-03-01T09:30:00Z" or "2026-03-01 09:30+01:00". */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** en-GB's short month names: "Sept", not "Sep". */
const SHORT_MONTHS = MONTHS.map((name) => (name === 'September' ? 'Sept' : name.slice(0, 3)));
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const DAY_SECONDS = 86_400;

/** A date as written: its calendar fields and the offset of its zone. */
interface WrittenDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The digits after the seconds' decimal point, as written ('' when none). */
  fraction: string;
  /** Minutes east of UTC: +01:00 is 60; 0 when the date names no zone. */
  offset: number;
  /** Days since 1970-01-01 of the calendar day. */
  epochDay: number;
  /** 0 (Sunday) to 6. */
  weekday: number;
  /** 1 to 366. */
  dayOfYear: number;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01; setUTCFullYear, unlike Date.UTC, does not read 0–99 as 1900–1999. */
function epochDayOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / (DAY_SECONDS * 1000));
}

function notADate(value: string, why: string): FilterError {
  return new FilterError(FILTER, `${describeValue(value)} is not a date: ${why}`);
}

/** The `date` filter's input: a fixed date, never "now", and one that is on the calendar. */
function readDate(value: unknown): WrittenDate {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (typeof value !== 'string' || match === null) {
    throw new FilterError(
      FILTER,
      `needs a date such as "2026-03-01" or snapshot.takenAt, got ${describeValue(value)}`,
    );
  }
  const [
    ,
    year = '',
    month = '',
    day = '',
    hour = '',
    minute = '',
    second = '',
    fraction = '',
    zone = '',
    sign = '',
    zoneHours = '',
    zoneMinutes = '',
  ] = match;
  const fields = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  if (fields.month < 1 || fields.month > 12) {
    throw notADate(value, `there is no month ${month}`);
  }
  const days = daysInMonth(fields.year, fields.month);
  if (fields.day < 1 || fields.day > days) {
    throw notADate(value, `${MONTHS[fields.month - 1]} ${year} has ${days} days`);
  }
  if (fields.hour > 23 || fields.minute > 59 || fields.second > 59) {
    throw notADate(value, 'a time of day runs from 00:00:00 to 23:59:59');
  }
  if (Number(zoneHours) > 23 || Number(zoneMinutes) > 59) {
    throw notADate(value, 'a time zone is at most 23:59 from UTC');
  }
  const offset =
    zone === '' || zone === 'Z'
      ? 0
      : (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes));
  const epochDay = epochDayOf(fields.year, fields.month, fields.day);
  return {
    ...fields,
    fraction,
    offset,
    epochDay,
    weekday: (((epochDay + 4) % 7) + 7) % 7,
    dayOfYear: epochDay - epochDayOf(fields.year, 1, 1) + 1,
  };
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function zoneText(date: WrittenDate, colon: boolean): string {
  const minutes = Math.abs(date.offset);
  const sign = date.offset < 0 ? '-' : '+';
  return `${sign}${twoDigits(Math.floor(minutes / 60))}${colon ? ':' : ''}${twoDigits(minutes % 60)}`;
}

/** strftime's week number: days before the year's first `startDay` are week 0. */
function weekOfYear(date: WrittenDate, startDay: number): number {
  const sinceStart = (date.weekday - startDay + 7) % 7;
  return Math.floor((date.dayOfYear - 1 - sinceStart + 7) / 7);
}

function ordinalSuffix(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

interface Conversion {
  text(date: WrittenDate, flags: string, width: number | undefined): string;
  /** Width it is padded to unless a flag or width says otherwise. */
  pad?: number;
  /** Padded with spaces rather than zeros. */
  spaces?: boolean;
}

const hour12 = (date: WrittenDate) => String(date.hour % 12 || 12);
const dmy = (date: WrittenDate) =>
  `${twoDigits(date.day)}/${twoDigits(date.month)}/${String(date.year).padStart(4, '0')}`;
const hms = (date: WrittenDate) =>
  `${twoDigits(date.hour)}:${twoDigits(date.minute)}:${twoDigits(date.second)}`;

/** LiquidJS's strftime conversions, on the date as written; `%x`, `%X` and `%c` in en-GB form. */
const CONVERSIONS: Readonly<Record<string, Conversion>> = {
  a: { text: (date) => WEEKDAYS[date.weekday]?.slice(0, 3) ?? '', spaces: true },
  A: { text: (date) => WEEKDAYS[date.weekday] ?? '', spaces: true },
  b: { text: (date) => SHORT_MONTHS[date.month - 1] ?? '', spaces: true },
  h: { text: (date) => SHORT_MONTHS[date.month - 1] ?? '', spaces: true },
  B: { text: (date) => MONTHS[date.month - 1] ?? '', spaces: true },
  c: { text: (date) => `${dmy(date)}, ${hms(date)}`, spaces: true },
  C: { text: (date) => String(Math.floor(date.year / 100)), pad: 2 },
  d: { text: (date) => String(date.day), pad: 2 },
  e: { text: (date) => String(date.day), pad: 2, spaces: true },
  H: { text: (date) => String(date.hour), pad: 2 },
  I: { text: hour12, pad: 2 },
  j: { text: (date) => String(date.dayOfYear), pad: 3 },
  k: { text: (date) => String(date.hour), pad: 2, spaces: true },
  l: { text: hour12, pad: 2, spaces: true },
  L: { text: (date) => String(Number(date.fraction.padEnd(3, '0').slice(0, 3))), pad: 3 },
  m: { text: (date) => String(date.month), pad: 2 },
  M: { text: (date) => String(date.minute), pad: 2 },
  N: { text: (date, _flags, width = 9) => date.fraction.padEnd(width, '0').slice(0, width) },
  p: { text: (date) => (date.hour < 12 ? 'AM' : 'PM'), spaces: true },
  P: { text: (date) => (date.hour < 12 ? 'am' : 'pm'), spaces: true },
  q: { text: (date) => ordinalSuffix(date.day) },
  s: {
    text: (date) =>
      String(
        date.epochDay * DAY_SECONDS +
          date.hour * 3600 +
          date.minute * 60 +
          date.second -
          date.offset * 60,
      ),
  },
  S: { text: (date) => String(date.second), pad: 2 },
  u: { text: (date) => String(date.weekday || 7) },
  U: { text: (date) => String(weekOfYear(date, 0)), pad: 2 },
  w: { text: (date) => String(date.weekday) },
  W: { text: (date) => String(weekOfYear(date, 1)), pad: 2 },
  x: { text: dmy },
  X: { text: hms },
  y: { text: (date) => String(date.year % 100), pad: 2 },
  Y: { text: (date) => String(date.year), pad: 4 },
  z: { text: (date, flags) => zoneText(date, flags.includes(':')) },
  Z: { text: (date, flags) => zoneText(date, flags.includes(':')) },
  t: { text: () => '\t' },
  n: { text: () => '\n' },
  '%': { text: () => '%' },
};

/** One `%` conversion: flags, width, an ignored E or O modifier, the conversion's letter. */
const CONVERSION = /%([-_0^#:]*)(\d*)[EO]?(.?)/gs;

function convert(date: WrittenDate, flags: string, widthText: string, letter: string): string {
  const conversion = CONVERSIONS[letter];
  if (conversion === undefined) {
    throw new FilterError(
      FILTER,
      letter === ''
        ? 'the format ends in a lone %; write %% for a percent sign'
        : `the format has %${letter}, which is not a date conversion; write %% for a percent sign`,
    );
  }
  const width = widthText === '' ? undefined : Number(widthText);
  if (width !== undefined && width > MAX_WIDTH) {
    throw new FilterError(FILTER, `a width of ${width} in the format is more than ${MAX_WIDTH}`);
  }
  let text = conversion.text(date, flags, width);
  if (flags.includes('^')) text = text.toUpperCase();
  else if (flags.includes('#')) text = /[a-z]/.test(text) ? text.toUpperCase() : text.toLowerCase();
  const padWidth = flags.includes('-') ? 0 : (width ?? conversion.pad ?? 0);
  const zeros = flags.includes('_') ? false : flags.includes('0') || !conversion.spaces;
  if (zeros && text.startsWith('-')) return `-${text.slice(1).padStart(padWidth - 1, '0')}`;
  return text.padStart(padWidth, zeros ? '0' : ' ');
}

/**
 * `{{ snapshot.takenAt | date }}` → `1 March 2026`, on any machine. LiquidJS's `date` follows
 * the host: a date without a time fell on the day before west of Greenwich, `%x`, `%X` and `%c`
 * took the host's locale, and a time near a change of summer time moved by an hour. Here a date
 * prints as written — the calendar day, the wall clock in the zone written (UTC when none), the
 * names and forms of en-GB — and "now", dates not on the calendar, unknown conversions and a
 * time zone argument are refused.
 */
export function formatDate(value: unknown, ...args: unknown[]): string {
  const date = readDate(value);
  if (args.length > 1) {
    throw new FilterError(
      FILTER,
      'takes one argument, the format; a date prints in the time zone written in it (UTC when it has none)',
    );
  }
  const [format = DEFAULT_FORMAT] = args;
  if (typeof format !== 'string') {
    throw new FilterError(
      FILTER,
      `the format must be text, such as "${DEFAULT_FORMAT}", got ${describeValue(format)}`,
    );
  }
  if (format.length > MAX_FORMAT_CHARS) {
    throw new FilterError(
      FILTER,
      `the format is ${format.length} characters long, more than ${MAX_FORMAT_CHARS}`,
    );
  }
  return format.replace(CONVERSION, (_match, flags: string, width: string, letter: string) =>
    convert(date, flags, width, letter),
  );
}
