// Hồ sơ thành tích: a nominee's awards across the years (AwardHistoryService.ListAwardHistory) — decisions made
// in tdkt and earlier awards imported by CSV — as the dossier page shows them beside the nominee. Only the rows
// of organisations in my subtree come back; a nominee not linked to the directory has no history to show.
import {call} from './api.js';
import {el, replace} from './dom.js';
import {formatDate} from './dates.js';
import {orgNameNode} from './orgs.js';
import {errorBox, loading} from './ui.js';

function subjectOf(nominee = {}) {
  if ((!nominee.kind || nominee.kind === 'NOMINEE_KIND_INDIVIDUAL') && nominee.personId) {
    return {subjectKind: 'AWARD_SUBJECT_KIND_PERSON', subjectId: nominee.personId};
  }
  if (nominee.kind === 'NOMINEE_KIND_COLLECTIVE' && nominee.orgId) {
    return {subjectKind: 'AWARD_SUBJECT_KIND_COLLECTIVE', subjectId: nominee.orgId};
  }
  return null;
}

function entryRow(entry) {
  return el('li', {class: entry.withdrawn ? 'award-history__entry muted' : 'award-history__entry'},
    el('strong', {}, `${entry.year} — ${entry.awardNameVi || entry.awardCode}`),
    entry.withdrawn ? ' (đã thu hồi)' : null,
    el('br'),
    `QĐ ${entry.decisionNumber || '—'} ngày ${formatDate(entry.decisionDate)}, ${entry.issuingBodyVi || '—'}; tại `,
    orgNameNode(entry.orgId),
    entry.source === 'AWARD_HISTORY_SOURCE_IMPORT' ? ' (nhập từ dữ liệu trước)' : ' (quyết định trong hệ thống)');
}

// The section, filled once the history arrives.
export function awardHistorySection(nominee) {
  const body = el('div', {}, loading());
  const section = el('section', {class: 'card award-history', 'aria-labelledby': 'sec-award-history'},
    el('h2', {id: 'sec-award-history'}, 'Hồ sơ thành tích'), body);
  const subject = subjectOf(nominee);
  if (!subject) {
    replace(body, el('p', {class: 'muted'}, 'Đối tượng chưa được liên kết với danh mục nên chưa có hồ sơ thành tích.'));
    return section;
  }
  call('awards', 'ListAwardHistory', subject).then((response) => {
    const entries = response.entries || [];
    replace(body, entries.length ? el('ul', {class: 'award-history__list'}, entries.map(entryRow)) :
      el('p', {class: 'muted'}, 'Chưa có khen thưởng nào trong phạm vi bạn được xem.'));
  }).catch((error) => replace(body, errorBox(error)));
  return section;
}
