// The calendar alarm for administrators: when the next 60 days reach a year that has no official holiday
// arrangement stored (Tết days off, make-up Saturdays), deadlines there follow the default rules only — the
// services log it; the console shows a banner to anyone with the administrator role until the year is set
// (tdktctl calendar set-year, CalendarService.SetCalendarYear).
import {call} from './api.js';
import {el, replace} from './dom.js';
import {todayIso} from './dates.js';

const LOOK_AHEAD_DAYS = 60;

// The years between today and LOOK_AHEAD_DAYS later that `calendar` (a tdkt.v1.Calendar) has no arrangement for.
export function yearsWithoutArrangement(calendar, today = todayIso()) {
  const stored = new Set(((calendar && calendar.years) || []).map((y) => Number(y.year)));
  const first = Number(today.slice(0, 4));
  const last = new Date(`${today}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() + LOOK_AHEAD_DAYS);
  const missing = [];
  for (let year = first; year <= last.getUTCFullYear(); year++) {
    if (!stored.has(year)) missing.push(year);
  }
  return missing;
}

// Draws (or clears) the banner in `node` for `session` ({grants}); errors leave it empty.
export async function drawCalendarAlarm(node, session) {
  replace(node);
  if (!session || !session.grants.some((g) => g.role === 'ROLE_ADMIN')) return;
  let body;
  try {
    body = await call('calendar', 'GetCalendar', {});
  } catch {
    return;  // no banner rather than a second error: the pages say when the services are down
  }
  const missing = yearsWithoutArrangement(body.calendar);
  if (missing.length === 0) return;
  replace(node, el('div', {class: 'alert alert--warning', role: 'status'},
    el('strong', {}, missing.map((y) => `Lịch nghỉ năm ${y} chưa được cập nhật`).join('; ')),
    ` — ${LOOK_AHEAD_DAYS} ngày tới có ngày thuộc năm chưa có lịch nghỉ chính thức (nghỉ Tết, ngày làm bù): `,
    'hạn xử lý đang tính theo quy tắc mặc định. Quản trị hệ thống cập nhật bằng ',
    el('code', {}, 'tdktctl calendar set-year TỆP'), '.'));
}
