// The dashboard's weekly chart as inline SVG built here (no library, no inline style: colours come from the
// stylesheet's classes). Two bars a week: dossiers submitted and decided. A table with the same figures follows
// the chart for screen readers and for reading exact numbers.
import {el, svg} from './dom.js';
import {formatDate} from './dates.js';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = {left: 36, right: 12, top: 16, bottom: 48};

function niceMax(n) {
  if (n <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

const short = (d) => (d && d.year ? `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}` : '');

// `weeks`: [{weekStart: Date, submitted: "n", decided: "n"}] (int64 as strings in JSON).
export function weeklyChart(weeks, {title = 'Số hồ sơ theo tuần'} = {}) {
  const rows = weeks.map((w) => ({start: w.weekStart, submitted: Number(w.submitted || 0),
    decided: Number(w.decided || 0)}));
  const max = niceMax(Math.max(1, ...rows.map((r) => Math.max(r.submitted, r.decided))));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = rows.length ? plotW / rows.length : plotW;
  const barW = Math.max(2, Math.min(18, slot / 2 - 3));
  const y = (v) => PAD.top + plotH - (v / max) * plotH;
  const titleId = `chart-title-${Math.random().toString(36).slice(2)}`;
  const total = rows.reduce((a, r) => [a[0] + r.submitted, a[1] + r.decided], [0, 0]);
  const chart = svg('svg', {class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': titleId,
    preserveAspectRatio: 'xMidYMid meet', focusable: 'false'},
  svg('title', {id: titleId}, `${title}: ${rows.length} tuần, ${total[0]} hồ sơ nộp, ${total[1]} hồ sơ có quyết định`));
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    chart.append(svg('line', {class: 'chart__grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v)}),
      svg('text', {class: 'chart__axis', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end'}, String(Math.round(v))));
  }
  rows.forEach((r, i) => {
    const x = PAD.left + i * slot + slot / 2;
    chart.append(
      svg('rect', {class: 'chart__bar chart__bar--submitted', x: x - barW - 1, y: y(r.submitted), width: barW,
        height: Math.max(0, PAD.top + plotH - y(r.submitted))},
      svg('title', {}, `Tuần từ ${formatDate(r.start)}: ${r.submitted} hồ sơ nộp`)),
      svg('rect', {class: 'chart__bar chart__bar--decided', x: x + 1, y: y(r.decided), width: barW,
        height: Math.max(0, PAD.top + plotH - y(r.decided))},
      svg('title', {}, `Tuần từ ${formatDate(r.start)}: ${r.decided} hồ sơ có quyết định`)));
    if (rows.length <= 16 || i % 2 === 0) {
      chart.append(svg('text', {class: 'chart__axis', x, y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle'},
        short(r.start)));
    }
  });
  chart.append(svg('line', {class: 'chart__baseline', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0)}));
  const legend = el('ul', {class: 'chart-legend'},
    el('li', {}, el('span', {class: 'chart-legend__swatch chart-legend__swatch--submitted', 'aria-hidden': 'true'}),
      'Hồ sơ nộp'),
    el('li', {}, el('span', {class: 'chart-legend__swatch chart-legend__swatch--decided', 'aria-hidden': 'true'}),
      'Hồ sơ có quyết định'));
  const table = el('details', {class: 'chart-data'}, el('summary', {}, 'Số liệu theo tuần'),
    el('table', {class: 'table table--compact'},
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Tuần bắt đầu'), el('th', {scope: 'col'}, 'Nộp'),
        el('th', {scope: 'col'}, 'Có quyết định'))),
      el('tbody', {}, rows.map((r) => el('tr', {}, el('td', {}, formatDate(r.start)), el('td', {}, String(r.submitted)),
        el('td', {}, String(r.decided)))))));
  return el('figure', {class: 'chart-figure'}, chart, el('figcaption', {}, legend), table);
}
