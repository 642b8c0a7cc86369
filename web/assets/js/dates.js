// Dates as the console shows them: business dates and times in Asia/Ho_Chi_Minh, Vietnamese formats
// (dd/mm/yyyy). Timestamps arrive as RFC 3339 strings, dates as {year, month, day} (tdkt.v1.Date).
const ZONE = 'Asia/Ho_Chi_Minh';
const dateTimeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  hour12: false,
});
const isoDayFormat = new Intl.DateTimeFormat('en-CA', {timeZone: ZONE, year: 'numeric', month: '2-digit',
  day: '2-digit'});

const pad = (n) => String(n).padStart(2, '0');

// "01/12/2026 09:30" for a Timestamp; '—' when absent.
export function formatTimestamp(ts) {
  if (!ts) return '—';
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return '—';
  const part = Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}`;
}

// "01/12/2026" for a tdkt.v1.Date; '—' when absent.
export function formatDate(d) {
  if (!d || !d.year) return '—';
  return `${pad(d.day || 1)}/${pad(d.month || 1)}/${d.year}`;
}

// YYYY-MM-DD of a Timestamp in Vietnam, or of now.
export function isoDayOf(ts) {
  return isoDayFormat.format(ts ? new Date(ts) : new Date());
}

export function todayIso() {
  return isoDayOf();
}

// A tdkt.v1.Date from YYYY-MM-DD (an <input type=date> value).
export function dateFromIso(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? {year: Number(m[1]), month: Number(m[2]), day: Number(m[3])} : null;
}

export function isoFromDate(d) {
  return d && d.year ? `${d.year}-${pad(d.month)}-${pad(d.day)}` : '';
}

// The machine-readable form for <time datetime=…>.
export function machineDate(d) {
  return isoFromDate(d);
}

// The calendar day and clock time of a Timestamp in Vietnam: {year, month, day, hour, minute} (numbers), or null.
export function partsOfTimestamp(ts) {
  if (!ts) return null;
  const date = new Date(ts);
  if (Number.isNaN(date.getTime())) return null;
  const part = Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return {year: Number(part.year), month: Number(part.month), day: Number(part.day), hour: Number(part.hour) % 24,
    minute: Number(part.minute)};
}
