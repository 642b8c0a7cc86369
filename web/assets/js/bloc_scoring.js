// The scoring half of an emulation bloc's page (pages/bloc.js): the form a member's people score another member
// with (once per pair, every criterion 0..its maximum: ScoreBlocMember), the scorings given so far, and the ranking
// (provisional while scoring, fixed once the head closed it) with the members proposed for the bloc's award.
import {call, newRequestId} from './api.js';
import {awardName} from './catalog.js';
import {el, field, replace, select} from './dom.js';
import {todayIso} from './dates.js';
import {orgName, orgNameNode} from './orgs.js';
import {errorBox} from './ui.js';

const decimal = (x, digits = 2) => Number(x || 0).toFixed(digits).replace('.', ',');

// The members `scorer` has not scored yet (never itself).
export function leftToScore(bloc, scorings, scorer) {
  const done = new Set(scorings.filter((s) => s.scorerOrgId === scorer).map((s) => s.scoredOrgId));
  return (bloc.members || []).map((m) => m.orgId).filter((id) => id !== scorer && !done.has(id));
}

// The form for the member `scorer` (one the user acts for): the member to score, a score per criterion.
// `onDone()` runs after the service stored the scoring; a refusal is shown in the form, in the service's words.
export function scoringForm(bloc, scorings, scorer, onDone) {
  const left = leftToScore(bloc, scorings, scorer);
  const heading = el('h3', {}, 'Chấm điểm thay cho ', orgNameNode(scorer));
  if (!left.length) {
    return el('div', {class: 'bloc-scoring', dataset: {scorer}}, heading,
      el('p', {class: 'empty'}, 'Đơn vị đã chấm điểm mọi thành viên khác của khối.'));
  }
  const scored = select(left.map((id) => [id, id]), {name: 'scored', required: true});
  [...scored.options].forEach((o) => { orgName(o.value).then((n) => { o.textContent = n; }); });
  const inputs = (bloc.criteria || []).map((c) => el('input', {type: 'number', name: `score-${c.code}`, min: '0',
    max: String(c.maxScore), step: '1', required: true, inputmode: 'numeric'}));
  const errorSlot = el('div', {class: 'form-error'});
  const submit = el('button', {type: 'submit', class: 'button button--primary'}, 'Gửi điểm');
  // One request id per content: a retry of the same scoring after a lost reply is the same request.
  let sent = '';
  let requestId = '';
  const form = el('form', {class: 'form bloc-scoring', dataset: {scorer}, onSubmit: async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const scores = (bloc.criteria || []).map((c, i) => ({criterionCode: c.code, score: Number(inputs[i].value)}));
    const content = JSON.stringify([scored.value, scores]);
    if (content !== sent) { sent = content; requestId = newRequestId(); }
    submit.disabled = true;
    replace(errorSlot);
    try {
      await call('bloc', 'ScoreBlocMember', {requestId, blocId: bloc.id, scorerOrgId: scorer,
        scoredOrgId: scored.value, scores});
      await onDone();
    } catch (error) {
      replace(errorSlot, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  }}, heading,
  el('p', {class: 'hint'}, 'Mỗi đơn vị chấm mỗi thành viên khác một lần; đã gửi thì không sửa được.'),
  field('Đơn vị được chấm', scored),
  el('fieldset', {class: 'choices'}, el('legend', {}, 'Điểm theo từng tiêu chí của giao ước'),
    (bloc.criteria || []).map((c, i) => field(`${c.nameVi} (0–${c.maxScore} điểm)`, inputs[i]))),
  errorSlot, el('div', {class: 'button-row'}, submit));
  return form;
}

// Every scoring given so far: who scored whom, the score on each criterion.
export function scoringsTable(bloc, scorings) {
  if (!scorings.length) return el('p', {class: 'empty'}, 'Chưa có lượt chấm nào.');
  const criteria = bloc.criteria || [];
  return el('table', {class: 'table table--compact'},
    el('caption', {}, 'Các lượt chấm điểm'),
    el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Đơn vị chấm'), el('th', {scope: 'col'}, 'Đơn vị được chấm'),
      criteria.map((c) => el('th', {scope: 'col', title: c.nameVi}, c.code)))),
    el('tbody', {}, scorings.map((s) => {
      const byCode = new Map((s.scores || []).map((x) => [x.criterionCode, x.score || 0]));
      return el('tr', {}, el('td', {}, orgNameNode(s.scorerOrgId)), el('th', {scope: 'row'}, orgNameNode(s.scoredOrgId)),
        criteria.map((c) => el('td', {class: 'num'}, String(byCode.get(c.code) ?? 0))));
    })));
}

// The ranking: rank, member, total (0..100), the weighted average per criterion, scorings received, the proposal.
export function rankingTable(bloc, ranking) {
  const rows = ranking.rows || [];
  const closed = bloc.state === 'BLOC_STATE_CLOSED';
  const award = awardName(ranking.awardCode || bloc.awardCode, todayIso());
  const criteria = bloc.criteria || [];
  return el('table', {class: 'table table--compact bloc-ranking', 'data-testid': 'bloc-ranking'},
    el('caption', {}, closed ? 'Kết quả xếp hạng (đã khóa sổ)' : 'Xếp hạng tạm thời theo các lượt chấm đến nay',
      ` — ${ranking.scoringsReceived || 0}/${ranking.scoringsExpected || 0} lượt chấm`),
    el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Hạng'), el('th', {scope: 'col'}, 'Đơn vị'),
      el('th', {scope: 'col'}, 'Tổng điểm'), criteria.map((c) => el('th', {scope: 'col', title: c.nameVi}, c.code)),
      el('th', {scope: 'col'}, 'Lượt được chấm'), el('th', {scope: 'col'}, 'Đề nghị khen thưởng'))),
    el('tbody', {}, rows.map((r) => el('tr', {dataset: {org: r.orgId, proposed: r.proposed ? 'true' : 'false'}},
      el('td', {class: 'num'}, String(r.rank || '')), el('th', {scope: 'row'}, orgNameNode(r.orgId)),
      el('td', {class: 'num'}, decimal(r.total)),
      criteria.map((c, i) => el('td', {class: 'num'}, decimal((r.criterionAverages || [])[i]))),
      el('td', {class: 'num'}, String(r.scoringsReceived || 0)),
      el('td', {}, r.proposed ? `Đề nghị ${award}` : '—')))));
}
