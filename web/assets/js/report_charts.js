// The report page's two charts as inline SVG (as chart.js: no library, no inline style, colours from the
// stylesheet's classes), each followed by its figures in a table for screen readers and exact numbers:
// awards decided against the plan's targets (a bar per target, its min–max range behind it), and the appraisal
// time per level (average and 90th percentile, in working days).
import {el, svg} from './dom.js';
import {LEVEL, label} from './labels.js';

const WIDTH = 720;
const ROW = 34;
const PAD = {left: 250, right: 60, top: 8, bottom: 28};

function niceMax(n) {
  if (n <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

function frame(rows, max, titleText) {
  const height = PAD.top + rows * ROW + PAD.bottom;
  const plotW = WIDTH - PAD.left - PAD.right;
  const x = (v) => PAD.left + (v / max) * plotW;
  const titleId = `chart-title-${Math.random().toString(36).slice(2)}`;
  const chart = svg('svg', {class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': titleId,
    preserveAspectRatio: 'xMidYMid meet', focusable: 'false'}, svg('title', {id: titleId}, titleText));
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    chart.append(svg('line', {class: 'chart__grid', x1: x(v), x2: x(v), y1: PAD.top, y2: height - PAD.bottom}),
      svg('text', {class: 'chart__axis', x: x(v), y: height - PAD.bottom + 16, 'text-anchor': 'middle'},
        String(Math.round(v))));
  }
  return {chart, x, rowY: (i) => PAD.top + i * ROW};
}

function rowLabel(text, y) {
  const shown = text.length > 38 ? `${text.slice(0, 37)}…` : text;
  return svg('text', {class: 'chart__label', x: PAD.left - 8, y: y + ROW / 2 + 4, 'text-anchor': 'end'}, shown);
}

function legend(items) {
  return el('ul', {class: 'chart-legend'}, items.map(([modifier, text]) => el('li', {},
    el('span', {class: `chart-legend__swatch chart-legend__swatch--${modifier}`, 'aria-hidden': 'true'}), text)));
}

function dataTable(summary, head, rows) {
  return el('details', {class: 'chart-data'}, el('summary', {}, summary),
    el('table', {class: 'table table--compact'},
      el('thead', {}, el('tr', {}, head.map((h) => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, String(c))))))));
}

// `targets`: Report.targets (TargetProgress in JSON).
export function targetChart(targets) {
  const rows = targets.map((t) => ({label: t.target.labelVi || (t.target.awardCodes || []).join(' + '),
    decided: Number(t.decided || 0), min: Number(t.target.min || 0),
    max: t.target.max === undefined ? null : Number(t.target.max), reached: Boolean(t.reached)}));
  const max = niceMax(Math.max(1, ...rows.map((r) => Math.max(r.decided, r.max ?? r.min))));
  const reachedCount = rows.filter((r) => r.reached).length;
  const {chart, x, rowY} = frame(rows.length, max,
    `Khen thưởng đã quyết định so với chỉ tiêu: ${reachedCount}/${rows.length} chỉ tiêu đạt`);
  rows.forEach((r, i) => {
    const y = rowY(i);
    chart.append(rowLabel(r.label, y),
      svg('rect', {class: 'chart__range', x: x(r.min), y: y + 4, width: Math.max(1, x(r.max ?? r.min) - x(r.min)),
        height: ROW - 8}, svg('title', {}, `Chỉ tiêu: ${r.min}${r.max === null ? ' trở lên' : `–${r.max}`}`)),
      svg('rect', {class: r.reached ? 'chart__bar chart__bar--reached' : 'chart__bar chart__bar--short', x: x(0),
        y: y + 10, width: Math.max(0, x(r.decided) - x(0)), height: ROW - 20},
      svg('title', {}, `${r.label}: ${r.decided} đã quyết định`)),
      svg('text', {class: 'chart__axis', x: x(r.decided) + 4, y: y + ROW / 2 + 4}, String(r.decided)));
  });
  return el('figure', {class: 'chart-figure'}, chart,
    el('figcaption', {}, legend([['reached', 'Đạt chỉ tiêu'], ['short', 'Chưa đạt'], ['range', 'Khoảng chỉ tiêu']])),
    dataTable('Số liệu chỉ tiêu', ['Chỉ tiêu', 'Đã quyết định', 'Tối thiểu', 'Tối đa', 'Đạt'],
      rows.map((r) => [r.label, r.decided, r.min, r.max ?? '—', r.reached ? 'Có' : 'Chưa'])));
}

// `appraisals`: Report.appraisals (LevelAppraisal in JSON).
export function appraisalChart(appraisals) {
  const rows = appraisals.map((a) => ({level: `Cấp ${label(LEVEL, a.level)}`, count: Number(a.appraisals || 0),
    overdue: Number(a.overdue || 0), average: Number(a.averageWorkingDays || 0), p90: Number(a.p90WorkingDays || 0)}));
  const max = niceMax(Math.max(1, ...rows.map((r) => Math.max(r.average, r.p90))));
  const {chart, x, rowY} = frame(rows.length, max, `Thời gian thẩm định theo cấp (ngày làm việc), ${rows.length} cấp`);
  rows.forEach((r, i) => {
    const y = rowY(i);
    const half = (ROW - 10) / 2;
    chart.append(rowLabel(r.level, y),
      svg('rect', {class: 'chart__bar chart__bar--average', x: x(0), y: y + 4, width: Math.max(0, x(r.average) - x(0)),
        height: half}, svg('title', {}, `${r.level}: bình quân ${r.average.toFixed(1)} ngày làm việc`)),
      svg('rect', {class: 'chart__bar chart__bar--p90', x: x(0), y: y + 6 + half, width: Math.max(0, x(r.p90) - x(0)),
        height: half}, svg('title', {}, `${r.level}: 90% hồ sơ trong ${r.p90} ngày làm việc`)));
  });
  return el('figure', {class: 'chart-figure'}, chart,
    el('figcaption', {}, legend([['average', 'Bình quân'], ['p90', 'P90 (90% hồ sơ)']])),
    dataTable('Số liệu thẩm định', ['Cấp', 'Đã thẩm định', 'Quá hạn', 'Bình quân (ngày)', 'P90 (ngày)'],
      rows.map((r) => [r.level, r.count, r.overdue, r.average.toFixed(1), r.p90])));
}
