// Hồ sơ cần xử lý: ListInbox for one of my organisation + role pairs (or all of them), a page at a time
// (PageRequest/PageResponse tokens), sortable by column. Overdue deadlines are red; dossiers returned for
// supplement and those whose vote is open carry a flag.
import {call} from '../api.js';
import {awardName} from '../catalog.js';
import {cell, el, field, replace, select} from '../dom.js';
import {formatTimestamp, todayIso} from '../dates.js';
import {LEVEL, ROLE, label} from '../labels.js';
import {orgName, orgNameNode} from '../orgs.js';
import {deadlineSummary, dossierFlags, errorBox, loading, pageHeading, stateBadge} from '../ui.js';

const PAGE_SIZE = 20;

// Kept across visits of the page (not across reloads): the chosen grant and the sort.
const memory = {grant: '', sortKey: 'due', sortDir: 'asc'};

const COLUMNS = [
  {key: 'code', text: 'Mã hồ sơ', value: (d) => d.trackingCode || ''},
  {key: 'nominee', text: 'Người/tập thể được đề nghị', value: (d) => (d.nominee && d.nominee.name) || ''},
  {key: 'award', text: 'Danh hiệu/hình thức', value: (d) => awardName(d.awardCode, todayIso())},
  {key: 'state', text: 'Trạng thái', value: (d) => d.state || ''},
  {key: 'holder', text: 'Đơn vị đang giữ', value: (d) => d._holderName || ''},
  {key: 'due', text: 'Thời hạn', value: deadlineRank},
  {key: 'updated', text: 'Cập nhật', value: (d) => d.updatedAt || ''},
];

// Overdue first (most overdue first), then by working days remaining, paused after running ones, none last.
function deadlineRank(d) {
  const dl = d.deadline;
  if (!dl) return 1e9;
  const remaining = Number(dl.workingDaysRemaining || 0);
  return dl.paused ? 1e6 + remaining : remaining;
}

function compare(a, b, key, dir) {
  const column = COLUMNS.find((c) => c.key === key);
  const va = column.value(a.dossier);
  const vb = column.value(b.dossier);
  const order = typeof va === 'number' && typeof vb === 'number' ? va - vb :
    String(va).localeCompare(String(vb), 'vi', {sensitivity: 'base', numeric: true});
  return dir === 'asc' ? order : -order;
}

function grantOptions(session) {
  const options = [['', 'Tất cả vai trò của tôi']];
  for (const g of session.grants) {
    if (g.role === 'ROLE_ADMIN') continue;
    options.push([`${g.orgId}|${g.role}`, `${label(ROLE, g.role)} — ${g.orgId}`]);
  }
  return options;
}

export async function render(main, {session, stale}) {
  const list = el('div', {class: 'inbox-list'}, loading());
  const grantSelect = select(grantOptions(session), {value: memory.grant, name: 'grant'});
  // The organisation names arrive later: fill them into the options.
  [...grantSelect.options].forEach((option) => {
    const [orgId, role] = option.value.split('|');
    if (orgId) orgName(orgId).then((name) => { option.textContent = `${label(ROLE, role)} — ${name}`; });
  });
  const tokens = [''];  // page tokens of the pages seen: tokens[i] opens page i
  let pageIndex = 0;
  let items = [];
  let nextToken = '';

  const pager = el('nav', {class: 'pager', 'aria-label': 'Phân trang'});
  const status = el('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});

  async function load() {
    replace(list, loading());
    const [orgId, role] = (memory.grant || '|').split('|');
    const request = {page: {pageSize: PAGE_SIZE, pageToken: tokens[pageIndex]}};
    if (orgId) request.orgId = orgId;
    if (role) request.role = role;
    try {
      const response = await call('dossier', 'ListInbox', request);
      if (stale()) return;
      items = response.items || [];
      nextToken = (response.page && response.page.nextPageToken) || '';
      await Promise.all(items.map(async (item) => {
        item.dossier._holderName = await orgName(item.dossier.holdingOrgId);
      }));
      if (stale()) return;
      draw();
    } catch (error) {
      replace(list, errorBox(error));
    }
  }

  function sortHeader(column) {
    const active = memory.sortKey === column.key;
    const th = el('th', {scope: 'col', 'aria-sort': active ? (memory.sortDir === 'asc' ? 'ascending' : 'descending') :
      'none'});
    th.append(el('button', {type: 'button', class: 'sort-button', onClick: () => {
      if (memory.sortKey === column.key) memory.sortDir = memory.sortDir === 'asc' ? 'desc' : 'asc';
      else { memory.sortKey = column.key; memory.sortDir = 'asc'; }
      draw();
    }}, column.text, el('span', {class: 'sort-button__arrow', 'aria-hidden': 'true'},
      active ? (memory.sortDir === 'asc' ? ' ▲' : ' ▼') : ' ↕')));
    return th;
  }

  function row(item) {
    const d = item.dossier;
    const overdue = d.deadline && (d.deadline.overdue || Number(d.deadline.workingDaysRemaining || 0) < 0) &&
      !d.deadline.paused;
    const classes = ['inbox-row'];
    if (overdue) classes.push('inbox-row--overdue');
    if (d.state === 'DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT') classes.push('inbox-row--returned');
    if (d.vote && d.vote.status === 'VOTE_STATUS_OPEN') classes.push('inbox-row--voting');
    return el('tr', {class: classes.join(' '), dataset: {dossierId: d.id}},
      cell('Mã hồ sơ', el('a', {href: `#/dossiers/${encodeURIComponent(d.id)}`,
        class: 'code'}, d.trackingCode || d.id)),
      cell('Được đề nghị', (d.nominee && d.nominee.name) || '—'),
      cell('Danh hiệu', awardName(d.awardCode, todayIso()), el('br'),
        el('span', {class: 'muted'}, `Năm ${d.year || '—'}`)),
      cell('Trạng thái', stateBadge(d.state), ' ', dossierFlags(d)),
      cell('Đơn vị đang giữ', d._holderName || orgNameNode(d.holdingOrgId), el('br'),
        el('span', {class: 'muted'}, `cấp ${label(LEVEL, d.currentLevel)}`)),
      cell('Thời hạn', deadlineSummary(d.deadline)),
      cell('Cập nhật', el('span', {class: 'when'}, formatTimestamp(d.updatedAt))));
  }

  function draw() {
    const sorted = [...items].sort((a, b) => compare(a, b, memory.sortKey, memory.sortDir));
    if (!sorted.length) {
      replace(list, el('p', {class: 'empty'}, pageIndex === 0 ? 'Không có hồ sơ nào đang chờ bạn xử lý.' :
        'Trang này không còn hồ sơ.'));
    } else {
      replace(list, el('table', {class: 'table table--cards inbox-table'},
        el('caption', {class: 'visually-hidden'}, 'Hồ sơ cần xử lý; bấm tiêu đề cột để sắp xếp'),
        el('thead', {}, el('tr', {}, COLUMNS.map(sortHeader))),
        el('tbody', {}, sorted.map(row))));
    }
    const overdueCount = items.filter((i) => i.dossier.deadline && i.dossier.deadline.overdue &&
      !i.dossier.deadline.paused).length;
    replace(status, `Trang ${pageIndex + 1}: ${items.length} hồ sơ`, overdueCount ? `, ${overdueCount} quá hạn` : '');
    replace(pager,
      el('button', {type: 'button', class: 'button', disabled: pageIndex === 0, onClick: () => {
        pageIndex -= 1;
        load();
      }}, '← Trang trước'),
      el('span', {class: 'pager__page'}, `Trang ${pageIndex + 1}`),
      el('button', {type: 'button', class: 'button', disabled: !nextToken, onClick: () => {
        tokens[pageIndex + 1] = nextToken;
        pageIndex += 1;
        load();
      }}, 'Trang sau →'));
  }

  grantSelect.addEventListener('change', () => {
    memory.grant = grantSelect.value;
    tokens.length = 1;
    pageIndex = 0;
    load();
  });

  const isSubmitter = session.grants.some((g) => g.role === 'ROLE_SUBMITTER');
  replace(main, el('section', {class: 'page'},
    el('div', {class: 'page-head'}, pageHeading('Hồ sơ cần xử lý'),
      isSubmitter ? el('a', {class: 'button button--primary', href: '#/new'}, 'Lập hồ sơ mới') : null),
    el('div', {class: 'toolbar'}, field('Vai trò, đơn vị', grantSelect)),
    status, list, pager));
  await load();
}
