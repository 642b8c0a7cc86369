// Thống kê: GetDossierStatistics for one of my organisations (the subtree it heads; only dossiers I may see
// count): dossiers by state and level of their holder, the overdue ones, and a chart of dossiers submitted
// and decided per week.
import {call} from '../api.js';
import {awardName} from '../catalog.js';
import {cell, el, field, replace, select} from '../dom.js';
import {dateFromIso, todayIso} from '../dates.js';
import {stateLevelTable} from '../counts_table.js';
import {orgName, orgNameNode} from '../orgs.js';
import {deadlineSummary, errorBox, loading, pageHeading, stateBadge} from '../ui.js';
import {weeklyChart} from '../chart.js';

const memory = {orgId: '', weeks: '12'};

function overdueTable(items) {
  if (!items.length) return el('p', {class: 'empty'}, 'Không có hồ sơ quá hạn.');
  return el('table', {class: 'table table--cards'},
    el('caption', {class: 'visually-hidden'}, 'Hồ sơ quá hạn, quá hạn lâu nhất trước'),
    el('thead', {}, el('tr', {}, ['Mã hồ sơ', 'Danh hiệu', 'Trạng thái', 'Đơn vị đang giữ', 'Thời hạn'].map((t) =>
      el('th', {scope: 'col'}, t)))),
    el('tbody', {}, items.map(({dossier: d}) => el('tr', {class: 'inbox-row--overdue'},
      cell('Mã hồ sơ', el('a', {href: `#/dossiers/${encodeURIComponent(d.id)}`, class: 'code'},
        d.trackingCode || d.id)),
      cell('Danh hiệu', awardName(d.awardCode, todayIso())),
      cell('Trạng thái', stateBadge(d.state)),
      cell('Đơn vị đang giữ', orgNameNode(d.holdingOrgId)),
      cell('Thời hạn', deadlineSummary(d.deadline))))));
}

function weeksBefore(iso, weeks) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - weeks * 7);
  return d.toISOString().slice(0, 10);
}

export async function render(main, {session, stale}) {
  const orgIds = [...new Set(session.grants.map((g) => g.orgId))];
  const orgSelect = select([['', 'Đơn vị của tôi'], ...orgIds.map((id) => [id, id])], {value: memory.orgId,
    name: 'org'});
  [...orgSelect.options].forEach((o) => { if (o.value) orgName(o.value).then((n) => { o.textContent = n; }); });
  const weeksSelect = select([['12', '12 tuần'], ['26', '26 tuần'], ['52', '52 tuần']], {value: memory.weeks,
    name: 'weeks'});
  const body = el('div', {class: 'dashboard'}, loading());

  async function load() {
    replace(body, loading());
    const to = todayIso();
    const request = {toDate: dateFromIso(to), fromDate: dateFromIso(weeksBefore(to, Number(memory.weeks)))};
    if (memory.orgId) request.orgId = memory.orgId;
    try {
      const stats = await call('dossier', 'GetDossierStatistics', request);
      if (stale()) return;
      const counts = stats.counts || [];
      const total = counts.reduce((s, c) => s + Number(c.count || 0), 0);
      const open = counts.filter((c) => !['DOSSIER_STATE_DECIDED', 'DOSSIER_STATE_PUBLISHED', 'DOSSIER_STATE_REJECTED',
        'DOSSIER_STATE_WITHDRAWN', 'DOSSIER_STATE_DRAFT'].includes(c.state)).reduce((s, c) => s + Number(c.count || 0), 0);
      const overdue = Number(stats.overdueCount || 0);
      replace(body,
        el('ul', {class: 'kpis'},
          el('li', {class: 'kpi'}, el('span', {class: 'kpi__value'}, String(total)), el('span', {class: 'kpi__label'},
            'Tổng số hồ sơ')),
          el('li', {class: 'kpi'}, el('span', {class: 'kpi__value'}, String(open)), el('span', {class: 'kpi__label'},
            'Đang xử lý')),
          el('li', {class: overdue ? 'kpi kpi--overdue' : 'kpi'}, el('span', {class: 'kpi__value',
            'data-testid': 'overdue-count'}, String(overdue)), el('span', {class: 'kpi__label'}, 'Quá hạn'))),
        el('section', {class: 'card', 'aria-labelledby': 'sec-weekly'}, el('h2', {id: 'sec-weekly'}, 'Theo tuần'),
          weeklyChart(stats.weeks || [])),
        el('section', {class: 'card', 'aria-labelledby': 'sec-counts'}, el('h2', {id: 'sec-counts'},
          'Theo trạng thái và cấp'), stateLevelTable(counts,
            {count: (c) => c.count, caption: 'Số hồ sơ theo trạng thái và cấp đang giữ', empty: 'Chưa có hồ sơ nào.'})),
        el('section', {class: 'card', 'aria-labelledby': 'sec-overdue'}, el('h2', {id: 'sec-overdue'},
          `Hồ sơ quá hạn (${overdue})`), overdueTable(stats.overdue || [])));
    } catch (error) {
      replace(body, errorBox(error));
    }
  }

  orgSelect.addEventListener('change', () => { memory.orgId = orgSelect.value; load(); });
  weeksSelect.addEventListener('change', () => { memory.weeks = weeksSelect.value; load(); });
  replace(main, el('section', {class: 'page'}, pageHeading('Thống kê'),
    el('div', {class: 'toolbar'}, field('Đơn vị', orgSelect), field('Khoảng thời gian', weeksSelect)), body));
  await load();
}
