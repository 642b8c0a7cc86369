// Khối thi đua: my emulation blocs of a year. BlocService lists the blocs of one managing organisation and year
// (ListBlocs, only those the caller may read), and a bloc's members are below its manager: so the blocs of my
// organisations and of their ancestors are every bloc I manage, sit in or oversee. Each row opens #/bloc/<id>.
import {call} from '../api.js';
import {cell, el, field, replace} from '../dom.js';
import {todayIso} from '../dates.js';
import {BLOC_STATE, label} from '../labels.js';
import {orgNameNode} from '../orgs.js';
import {errorBox, loading, pageHeading} from '../ui.js';

const memory = {year: ''};

// The day the directory's tree is read on: today, kept inside the bloc's year (as the service does).
function dayIn(year) {
  const today = todayIso();
  const iso = today < `${year}-01-01` ? `${year}-01-01` : today > `${year}-12-31` ? `${year}-12-31` : today;
  const [y, month, day] = iso.split('-').map(Number);
  return {year: y, month, day};
}

// My organisations and their ancestors on a day of `year`: the managers whose blocs may concern me. ASSUMPTION:
// a grant at "*" (the system administrator) lists no bloc here; ListBlocs needs a manager.
async function managersFor(session, year) {
  const mine = [...new Set(session.grants.map((g) => g.orgId))].filter((id) => id && id !== '*');
  const asOf = dayIn(year);
  const ancestors = await Promise.all(mine.map((orgId) =>
    call('directory', 'ListAncestorOrganizations', {orgId, asOf}).then((r) => (r.organizations || []).map((o) => o.id))
      .catch(() => [])));
  return [...new Set([...mine, ...ancestors.flat()])];
}

async function listMyBlocs(session, year) {
  const managers = await managersFor(session, year);
  const answers = await Promise.all(managers.map((managerOrgId) =>
    call('bloc', 'ListBlocs', {managerOrgId, year: Number(year)})));
  const byId = new Map();
  for (const answer of answers) for (const bloc of answer.blocs || []) byId.set(bloc.id, bloc);
  return [...byId.values()].sort((a, b) => (a.nameVi || '').localeCompare(b.nameVi || '', 'vi'));
}

function blocTable(blocs, year) {
  if (!blocs.length) return el('p', {class: 'empty'}, `Bạn không thuộc khối thi đua nào trong năm ${year}.`);
  return el('table', {class: 'table table--cards'},
    el('caption', {class: 'visually-hidden'}, `Các khối thi đua năm ${year}`),
    el('thead', {}, el('tr', {}, ['Khối thi đua', 'Đơn vị quản lý', 'Khối trưởng', 'Thành viên', 'Trạng thái']
      .map((t) => el('th', {scope: 'col'}, t)))),
    el('tbody', {}, blocs.map((b) => el('tr', {'data-bloc': b.id},
      cell('Khối thi đua', el('a', {href: `#/bloc/${encodeURIComponent(b.id)}`}, b.nameVi || b.id)),
      cell('Đơn vị quản lý', orgNameNode(b.managerOrgId)),
      cell('Khối trưởng', b.headOrgId ? orgNameNode(b.headOrgId) : 'Chưa có'),
      cell('Thành viên', String((b.members || []).length)),
      cell('Trạng thái', label(BLOC_STATE, b.state))))));
}

export async function render(main, {session, stale}) {
  if (!memory.year) memory.year = todayIso().slice(0, 4);
  const year = el('input', {type: 'number', name: 'year', min: '2000', max: '2200', step: '1', required: true,
    value: memory.year});
  const body = el('div', {class: 'blocs'}, loading());

  async function load() {
    replace(body, loading());
    try {
      const blocs = await listMyBlocs(session, memory.year);
      if (stale()) return;
      replace(body, blocTable(blocs, memory.year));
    } catch (error) {
      replace(body, errorBox(error));
    }
  }

  const form = el('form', {class: 'toolbar', onSubmit: (event) => {
    event.preventDefault();
    memory.year = year.value;
    load();
  }}, field('Năm', year), el('button', {type: 'submit', class: 'button'}, 'Xem'));
  replace(main, el('section', {class: 'page'}, pageHeading('Khối thi đua'),
    el('p', {class: 'lead'}, 'Các khối thi đua mà đơn vị của bạn là thành viên, quản lý hoặc cấp trên của đơn vị quản lý.'),
    form, body));
  await load();
}
