// One emulation bloc (#/bloc/<id>, GetBlocRanking): its manager, head and award; the members and who signed the
// pledge for each; the pledge's criteria with their weights and maximum scores. A member's people (its head,
// an authorised officer, its appraiser or admin: BlocService's rule, docs/architecture.md §14) sign the pledge for
// it while the bloc is open, and score the other members once it is pledged (bloc_scoring.js); the head's people
// close the scoring, which fixes the ranking and the members proposed for the award. The service decides; the
// buttons only follow its rule, and a refusal is shown in its words.
import {call, newRequestId} from '../api.js';
import {awardName} from '../catalog.js';
import {cell, el, replace} from '../dom.js';
import {formatTimestamp, todayIso} from '../dates.js';
import {BLOC_STATE, label} from '../labels.js';
import {orgNameNode} from '../orgs.js';
import {errorBox, formDialog, loading, pageHeading, toast} from '../ui.js';
import {rankingTable, scoringForm, scoringsTable} from '../bloc_scoring.js';

const ACTING_ROLES = new Set(['ROLE_DECIDER', 'ROLE_SUBMITTER', 'ROLE_APPRAISER', 'ROLE_ADMIN']);

// Whether the user may act for the member `orgId` (sign, score; close for the head).
function actsFor(session, orgId) {
  return session.grants.some((g) => (g.orgId === orgId && ACTING_ROLES.has(g.role)) ||
    (g.orgId === '*' && g.role === 'ROLE_ADMIN'));
}

function signDialog(bloc, member, onDone) {
  const requestId = newRequestId();
  return formDialog({
    title: 'Ký giao ước thi đua',
    submitText: 'Ký giao ước',
    build: (body) => body.append(
      el('p', {}, 'Ký giao ước thi đua của ', el('strong', {}, bloc.nameVi), ' thay cho ', orgNameNode(member.orgId),
        ` (giao ước phiên bản ${bloc.pledgeVersion || 0}, ${(bloc.criteria || []).length} tiêu chí).`),
      el('p', {class: 'hint'}, 'Khi mọi thành viên đã ký, giao ước, thành viên và khối trưởng không thay đổi được nữa.')),
    submit: async () => {
      await call('bloc', 'SignBlocPledge', {requestId, blocId: bloc.id, memberOrgId: member.orgId,
        pledgeVersion: bloc.pledgeVersion || 0});
      await onDone('Đã ký giao ước.');
    },
  });
}

function closeDialog(bloc, onDone) {
  const requestId = newRequestId();
  return formDialog({
    title: 'Khóa sổ chấm điểm',
    submitText: 'Khóa sổ và xếp hạng',
    danger: true,
    build: (body) => body.append(el('p', {}, 'Khóa sổ chấm điểm của ', el('strong', {}, bloc.nameVi),
      '? Tổng điểm và thứ hạng được tính và cố định; sau đó không chấm thêm được.')),
    submit: async () => {
      await call('bloc', 'CloseBlocScoring', {requestId, blocId: bloc.id, expectedVersion: String(bloc.version || 0)});
      await onDone('Đã khóa sổ chấm điểm.');
    },
  });
}

function membersTable(session, bloc, onDone) {
  const open = bloc.state === 'BLOC_STATE_OPEN';
  return el('table', {class: 'table table--cards bloc-members'},
    el('caption', {class: 'visually-hidden'}, 'Thành viên của khối và chữ ký giao ước'),
    el('thead', {}, el('tr', {}, ['Thứ tự', 'Đơn vị', 'Giao ước', 'Thao tác'].map((t) => el('th', {scope: 'col'}, t)))),
    el('tbody', {}, (bloc.members || []).map((m) => el('tr', {dataset: {org: m.orgId}},
      cell('Thứ tự', String(m.position || '')),
      cell('Đơn vị', orgNameNode(m.orgId), m.orgId === bloc.headOrgId ? ' (khối trưởng)' : ''),
      cell('Giao ước', m.signedBy ? `Đã ký lúc ${formatTimestamp(m.signedAt)}` : 'Chưa ký'),
      cell('Thao tác', open && !m.signedBy && actsFor(session, m.orgId) ?
        el('button', {type: 'button', class: 'button button--primary button--small', dataset: {action: 'sign'},
          onClick: () => signDialog(bloc, m, onDone)}, 'Ký giao ước') : null)))));
}

function pledgeTable(bloc) {
  const criteria = bloc.criteria || [];
  if (!criteria.length) return el('p', {class: 'empty'}, 'Giao ước chưa có tiêu chí.');
  return el('table', {class: 'table table--compact bloc-pledge'},
    el('caption', {}, `Giao ước thi đua, phiên bản ${bloc.pledgeVersion || 0}`),
    el('thead', {}, el('tr', {}, ['Mã', 'Tiêu chí', 'Trọng số', 'Điểm tối đa'].map((t) => el('th', {scope: 'col'}, t)))),
    el('tbody', {}, criteria.map((c) => el('tr', {}, el('td', {class: 'code'}, c.code), el('th', {scope: 'row'}, c.nameVi),
      el('td', {class: 'num'}, String(c.weight || 0)), el('td', {class: 'num'}, String(c.maxScore || 0))))));
}

function draw(body, session, answer, reload) {
  const bloc = answer.bloc || {};
  const scorings = answer.scorings || [];
  const pledged = bloc.state === 'BLOC_STATE_PLEDGED';
  const mine = (bloc.members || []).map((m) => m.orgId).filter((id) => actsFor(session, id));
  const sections = [
    el('dl', {class: 'facts'},
      el('dt', {}, 'Năm'), el('dd', {}, String(bloc.year || '')),
      el('dt', {}, 'Trạng thái'), el('dd', {'data-testid': 'bloc-state', dataset: {state: bloc.state}},
        label(BLOC_STATE, bloc.state)),
      el('dt', {}, 'Đơn vị quản lý'), el('dd', {}, orgNameNode(bloc.managerOrgId)),
      el('dt', {}, 'Khối trưởng'), el('dd', {}, bloc.headOrgId ? orgNameNode(bloc.headOrgId) : 'Chưa có'),
      el('dt', {}, 'Đề nghị khen thưởng'), el('dd', {},
        `${bloc.awardPlaces || 1} ${awardName(bloc.awardCode, todayIso())} cho đơn vị dẫn đầu`)),
    el('section', {class: 'card', 'aria-labelledby': 'sec-members'}, el('h2', {id: 'sec-members'}, 'Thành viên'),
      membersTable(session, bloc, reload)),
    el('section', {class: 'card', 'aria-labelledby': 'sec-pledge'}, el('h2', {id: 'sec-pledge'}, 'Giao ước thi đua'),
      pledgeTable(bloc)),
  ];
  if (pledged && mine.length) {
    sections.push(el('section', {class: 'card', 'aria-labelledby': 'sec-score'},
      el('h2', {id: 'sec-score'}, 'Chấm điểm'), mine.map((scorer) => scoringForm(bloc, scorings, scorer,
        () => reload('Đã ghi nhận điểm.')))));
  }
  if (bloc.state !== 'BLOC_STATE_OPEN') {
    const head = pledged && bloc.headOrgId && actsFor(session, bloc.headOrgId) ?
      el('p', {class: 'button-row'}, el('button', {type: 'button', class: 'button button--danger',
        dataset: {action: 'close'}, onClick: () => closeDialog(bloc, reload)}, 'Khóa sổ chấm điểm')) : null;
    sections.push(el('section', {class: 'card', 'aria-labelledby': 'sec-ranking'},
      el('h2', {id: 'sec-ranking'}, 'Xếp hạng'), answer.ranking ? rankingTable(bloc, answer.ranking) : null, head,
      scoringsTable(bloc, scorings)));
  }
  replace(body, sections);
}

export async function render(main, {session, params, stale}) {
  const blocId = decodeURIComponent(params[0]);
  const title = pageHeading('Khối thi đua');
  const body = el('div', {class: 'bloc', dataset: {bloc: blocId}}, loading());
  replace(main, el('section', {class: 'page'}, el('p', {}, el('a', {href: '#/bloc'}, '← Các khối thi đua')), title,
    body));

  async function load(done) {
    try {
      const answer = await call('bloc', 'GetBlocRanking', {blocId});
      if (stale()) return;
      title.textContent = (answer.bloc || {}).nameVi || 'Khối thi đua';
      // What the browser suite waits on: the bloc's version changes with each change, the scorings' count with each
      // scoring (a scoring does not change the bloc's version).
      body.dataset.version = String((answer.bloc || {}).version || '');
      body.dataset.scorings = String((answer.scorings || []).length);
      draw(body, session, answer, load);
      if (typeof done === 'string') toast(done, {kind: 'success'});
    } catch (error) {
      replace(body, errorBox(error));
    }
  }
  await load();
}
