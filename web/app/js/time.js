// Times as a person reads them: the browser's own time zone, named ("1 Dec 2026, 15:31 CET").
// The server stores and sends UTC (ISO 8601 with Z); only this file turns it into local time.
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
});
const DATE_TIME_SECONDS = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
});
const DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

const parse = (iso) => new Date(iso);
const valid = (d) => !Number.isNaN(d.getTime());

// A stored time that does not parse is shown as stored rather than hidden.
export const localTime = (iso) => (iso && valid(parse(iso)) ? DATE_TIME.format(parse(iso)) : iso ?? '–');
export const localTimeSeconds = (iso) => (iso && valid(parse(iso)) ? DATE_TIME_SECONDS.format(parse(iso)) : iso ?? '–');
export const localDate = (iso) => (iso && valid(parse(iso)) ? DATE.format(parse(iso)) : iso ?? '–');

// "12:05" for a duration in seconds (minutes:seconds), for time left.
export function minutesSeconds(s) {
  const whole = Math.max(0, Math.round(s));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
