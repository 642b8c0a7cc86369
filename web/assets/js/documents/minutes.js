// Biên bản họp Hội đồng: the minutes of one closed ballot round of a level's council, from the round's record in
// GetDossier (who was eligible, who voted, the quorum, the threshold and its base, the counts and the result —
// never how anyone voted: the ballot is secret and the API does not know it) and the council's roster in the
// directory (GetCouncil: the chair, the secretary, each member's title). Dated the day the round closed; the
// number is left blank for the council's office.
import {call} from '../api.js';
import {awardOfDossier} from '../catalog.js';
import {el} from '../dom.js';
import {isoDayOf} from '../dates.js';
import {COUNCIL_POSITION, VOTE_RESULT, label, levelLabel} from '../labels.js';
import {organisationOn} from '../orgs.js';
import {councilTitle, dateOfTimestamp, numberLine, officialDate, officialMoment, para, part, percent, placeOf,
  shortDate, signature} from './format.js';
import {closedRounds} from './selection.js';

async function councilOf(councilId) {
  if (!councilId) return null;
  try {
    return (await call('directory', 'GetCouncil', {councilId})).council || null;
  } catch {
    return null;
  }
}

// The history entry that closed `vote` (the CLOSE_VOTE closest in time whose entry before is at the vote's level:
// the closing entry itself records where the dossier is after it), and the holder before it.
function closingOf(history, vote) {
  const at = Date.parse(vote.closedAt || '');
  let best = -1;
  history.forEach((entry, i) => {
    if (entry.action !== 'DOSSIER_ACTION_CLOSE_VOTE' || i === 0 || history[i - 1].level !== vote.level) return;
    if (best < 0 || Math.abs(Date.parse(entry.occurredAt) - at) < Math.abs(Date.parse(history[best].occurredAt) - at)) {
      best = i;
    }
  });
  if (best < 0) return {entry: null, holderOrgId: ''};
  return {entry: history[best], holderOrgId: best > 0 ? history[best - 1].orgId || '' : ''};
}

function nomineeText(nominee = {}) {
  return [nominee.name, nominee.positionVi, nominee.unitNameVi].filter(Boolean).join(', ');
}

function participantsTable(vote, council) {
  const members = new Map(((council && council.members) || []).map((m) => [m.personId, m]));
  return el('table', {class: 'official__table official__participants'},
    el('caption', {}, 'Thành viên Hội đồng có quyền biểu quyết'),
    el('thead', {}, el('tr', {},
      el('th', {scope: 'col', class: 'official__col-number'}, 'STT'),
      el('th', {scope: 'col'}, 'Họ và tên'),
      el('th', {scope: 'col'}, 'Chức vụ'),
      el('th', {scope: 'col'}, 'Vị trí trong Hội đồng'),
      el('th', {scope: 'col'}, 'Tham gia bỏ phiếu'))),
    el('tbody', {}, vote.participants.map((p, i) => {
      const member = members.get(p.personId) || {};
      return el('tr', {},
        el('td', {class: 'official__col-number'}, String(i + 1)),
        el('td', {}, p.fullName || member.fullName || ''),
        el('td', {}, member.titleVi || ''),
        el('td', {}, label(COUNCIL_POSITION, member.position, '')),
        el('td', {}, p.voted ? 'Có' : 'Không'));
    })));
}

// The conclusion, from the result and the rule the round was held under.
function conclusion(vote, awardText) {
  const eligible = vote.eligibleCount || 0;
  const voted = vote.votedCount || 0;
  const yes = vote.yesCount || 0;
  const base = vote.thresholdCountsAllMembers ? eligible : voted;
  const baseWord = vote.thresholdCountsAllMembers ? 'tổng số thành viên' : 'số thành viên tham gia';
  switch (vote.result) {
    case 'VOTE_RESULT_PASSED':
      return `Số phiếu đồng ý là ${yes}/${base} ${baseWord} (${percent(base ? yes / base : 0)}), vượt tỷ lệ ` +
        `${percent(vote.passThreshold)} cần đạt. Hội đồng thống nhất đề nghị ${awardText}.`;
    case 'VOTE_RESULT_FAILED':
      return `Số phiếu đồng ý là ${yes}/${base} ${baseWord} (${percent(base ? yes / base : 0)}), không vượt tỷ lệ ` +
        `${percent(vote.passThreshold)} cần đạt. Hội đồng không đề nghị ${awardText}.`;
    default:
      return `Số thành viên tham gia bỏ phiếu là ${voted}/${eligible} (${percent(eligible ? voted / eligible : 0)}), ` +
        `chưa đạt tỷ lệ tối thiểu ${percent(vote.quorum)}: phiên bỏ phiếu không có giá trị và phải tổ chức bỏ ` +
        'phiếu lại.';
  }
}

// Builds the minutes of round `number` (1-based, GetDossier's order): {spec, notes}. Throws when there is no
// such closed round.
export async function buildMinutes({dossier, history, votes}, number) {
  const round = closedRounds(votes).find((r) => String(r.number) === String(number));
  if (!round) throw new Error('Không có phiên bỏ phiếu đã kết thúc này, nên chưa có biên bản.');
  const vote = round.vote;
  const iso = isoDayOf(vote.closedAt);
  const date = dateOfTimestamp(vote.closedAt);
  const closing = closingOf(history, vote);
  const council = await councilOf(vote.councilId);
  const orgId = (council && council.orgId) || closing.holderOrgId;
  const [org, place] = await Promise.all([organisationOn(orgId, iso), placeOf(orgId, iso)]);
  const orgName = (org && org.nameVi) || levelLabel(vote.level);
  const name = councilTitle(council, orgName);
  const members = (council && council.members) || [];
  const chair = members.find((m) => m.position === 'COUNCIL_POSITION_CHAIR') ||
    (closing.entry && closing.entry.actor ? {fullName: closing.entry.actor.displayName} : null);
  const secretary = members.find((m) => m.position === 'COUNCIL_POSITION_SECRETARY') || null;
  const award = awardOfDossier(dossier, iso, dossier.createdAt ? isoDayOf(dossier.createdAt) : '');
  const awardName = award ? award.nameVi : dossier.awardCode;
  const nominee = dossier.nominee || {};
  const eligible = vote.eligibleCount || 0;
  const voted = vote.votedCount || 0;
  const participants = vote.participants || [];
  const roundAtLevel = votes.slice(0, round.number).filter((v) => v.level === vote.level).length;
  const who = (m) => [m.fullName, m.titleVi].filter(Boolean).join(', ');

  const body = [
    para(vote.openedAt ?
      `Thời gian: từ ${officialMoment(vote.openedAt)} đến ${officialMoment(vote.closedAt)}.` :
      `Thời gian: kết thúc lúc ${officialMoment(vote.closedAt)}.`),
    para(`${name} họp xét và bỏ phiếu kín (${levelLabel(vote.level)}, lượt bỏ phiếu thứ ${roundAtLevel}) về hồ sơ ` +
      `đề nghị tặng ${awardName} năm ${dossier.year || ''}.`),
    part('I. THÀNH PHẦN'),
    chair ? para(`Chủ trì: ${who(chair)}, Chủ tịch Hội đồng.`) : null,
    secretary ? para(`Thư ký: ${who(secretary)}.`) : null,
    para(`Thành viên Hội đồng có quyền biểu quyết: ${eligible} người; tham gia bỏ phiếu: ${voted} người; ` +
      `không tham gia: ${Math.max(eligible - voted, 0)} người.`),
    participants.length ? participantsTable(vote, council) :
      para('Danh sách thành viên của phiên này không được ghi lại trên hệ thống.'),
    part('II. NỘI DUNG'),
    para(`Hội đồng xem xét hồ sơ đề nghị tặng ${awardName} năm ${dossier.year || ''} cho ${nomineeText(nominee)}; ` +
      'các thành viên bỏ phiếu kín.'),
    para(`Điều kiện: phiên bỏ phiếu có giá trị khi có từ ${percent(vote.quorum)} số thành viên có quyền biểu quyết ` +
      `tham gia; hồ sơ được thông qua khi số phiếu đồng ý vượt ${percent(vote.passThreshold)} ` +
      `${vote.thresholdCountsAllMembers ? 'tổng số thành viên' : 'số thành viên tham gia'}.`),
    part('III. KẾT QUẢ KIỂM PHIẾU'),
    el('ul', {class: 'official__counts'},
      el('li', {}, `Số phiếu phát ra: ${eligible};`),
      el('li', {}, `Số phiếu thu về: ${voted};`),
      el('li', {}, `Số phiếu đồng ý: ${vote.yesCount || 0};`),
      el('li', {}, `Số phiếu không đồng ý: ${vote.noCount || 0};`),
      el('li', {}, `Số phiếu không biểu quyết: ${vote.abstainCount || 0}.`)),
    para(`Kết quả: ${label(VOTE_RESULT, vote.result)}.`),
    part('IV. KẾT LUẬN'),
    para(conclusion(vote, `tặng ${awardName} năm ${dossier.year || ''} cho ${nominee.name || ''}`)),
    para(`Biên bản được lập từ kết quả kiểm phiếu do hệ thống ghi nhận lúc ${officialMoment(vote.closedAt)}; ` +
      'bỏ phiếu kín nên biên bản không ghi lựa chọn của từng thành viên./.'),
  ];
  const spec = {
    name: 'bien-ban',
    parent: orgName,
    issuer: ['HỘI ĐỒNG', 'THI ĐUA – KHEN THƯỞNG'],
    number: numberLine('', 'BB-HĐTĐKT'),
    placeDate: `${place ? `${place}, ` : ''}${officialDate(date)}`,
    kind: 'BIÊN BẢN',
    subject: `Họp ${name} xét đề nghị tặng ${awardName} năm ${dossier.year || ''}`,
    body,
    footer: [
      signature(['THƯ KÝ'], secretary ? secretary.fullName : ''),
      signature(['CHỦ TỊCH HỘI ĐỒNG'], chair ? chair.fullName : ''),
    ],
  };
  const notes = [
    `Biên bản phiên bỏ phiếu ${levelLabel(vote.level)} kết thúc ngày ${shortDate(date)}: chỉ có số phiếu và ai đã ` +
      'bỏ phiếu, không có lựa chọn của từng thành viên.',
    'Số biên bản để trống để văn thư ghi khi đăng ký văn bản.',
  ];
  return {spec, notes};
}
