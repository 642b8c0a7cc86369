// Tờ trình: the letter by which a level proposes its nominees to the next one (the school to the commune, the
// commune to the province, the province beyond tdkt), dated the day it sent the dossier up and signed by whoever
// did (the council chair who closed the passed vote, or the officer who forwarded it), with the list of the
// dossiers the level proposed for the same award and year (selection.js) as its annex. The number is left
// blank: the issuing office gives it when it registers the letter.
import {call} from '../api.js';
import {awardOfDossier} from '../catalog.js';
import {el} from '../dom.js';
import {isoDayOf} from '../dates.js';
import {levelLabel} from '../labels.js';
import {organisationOn} from '../orgs.js';
import {abbreviation, councilName, countPhrase, dateOfTimestamp, fullName, issuerLines, legalBases, nomineeRows,
  nomineeTables, numberLine, officialDate, para, placeOf, recipients, shortDate, signature, signatureLines, upper}
  from './format.js';
import {proposalsOf, proposedWith} from './selection.js';

// Beyond the province a dossier goes to the central emulation body (docs/domain.md §2).
const BEYOND = 'Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)';

// The council's roster entry of `personId` (for the signer's title), or null.
async function councilMember(councilId, personId) {
  if (!councilId || !personId) return null;
  try {
    const council = (await call('directory', 'GetCouncil', {councilId})).council || {};
    return (council.members || []).find((m) => m.personId === personId) || null;
  } catch {
    return null;
  }
}

// The level's passed vote that sent the dossier up at `step` (closed at that moment), or null.
function passedVoteAt(votes, step) {
  const at = Date.parse(step.entry.occurredAt || '');
  const passed = votes.filter((v) => v.status === 'VOTE_STATUS_CLOSED' && v.level === step.level &&
    v.result === 'VOTE_RESULT_PASSED' && (!v.closedAt || Date.parse(v.closedAt) <= at + 1000));
  return passed.length ? passed[passed.length - 1] : null;
}

// Builds the letter of the level named by `slug` ('xa', …): {spec (for officialDocument), notes (what the reader
// should know, shown on screen only)}. Throws when that level did not send the dossier up.
export async function buildProposal({dossier, history, votes}, slug) {
  const step = proposalsOf(history).find((s) => s.slug === slug);
  if (!step) throw new Error('Cấp này chưa trình hồ sơ lên cấp trên, nên chưa có tờ trình.');
  const iso = isoDayOf(step.entry.occurredAt);
  const date = dateOfTimestamp(step.entry.occurredAt);
  const award = awardOfDossier(dossier, iso, dossier.createdAt ? isoDayOf(dossier.createdAt) : '');
  const [fromOrg, toOrg, place, list] = await Promise.all([
    organisationOn(step.fromOrgId, iso), step.toOrgId ? organisationOn(step.toOrgId, iso) : null,
    placeOf(step.fromOrgId, iso), proposedWith(dossier, step, award)]);
  const fromName = (fromOrg && fromOrg.nameVi) || levelLabel(step.level);
  const parentOrg = fromOrg && fromOrg.level === 'ORG_LEVEL_UNIT' && fromOrg.parentId ?
    await organisationOn(fromOrg.parentId, iso) : null;
  const toName = step.toOrgId ? fullName((toOrg && toOrg.nameVi) || '') || 'cấp trên' : BEYOND;
  const awardName = award ? award.nameVi : dossier.awardCode;
  const vote = passedVoteAt(votes, step);
  const actor = step.entry.actor || {};
  const member = await councilMember(vote && vote.councilId, actor.personId);
  const symbol = `TTr-${abbreviation(fromName)}`;
  const nominees = await nomineeRows(list.dossiers);

  const body = [
    ...legalBases(iso).map((basis) => para(basis)),
    vote ? para(`Căn cứ kết quả xét và bỏ phiếu kín của ${councilName(fromName)};`) : null,
    para(`${fullName(fromName)} kính trình ${toName} xem xét, đề nghị tặng ${awardName} năm ${dossier.year || ''} ` +
      `cho ${countPhrase(nominees)} đã có thành tích xuất sắc (có danh sách kèm theo).`),
    step.entry.noteVi ? para(`Tóm tắt kết quả thẩm định: ${step.entry.noteVi}`) : null,
    para(`Kính trình ${toName} xem xét, quyết định./.`),
  ];
  const spec = {
    name: 'to-trinh',
    parent: parentOrg ? parentOrg.nameVi : '',
    issuer: issuerLines(fromName),
    number: numberLine('', symbol),
    placeDate: `${place ? `${place}, ` : ''}${officialDate(date)}`,
    kind: 'TỜ TRÌNH',
    subject: `Về việc đề nghị tặng ${awardName} năm ${dossier.year || ''}`,
    before: el('p', {class: 'official__to'}, `Kính gửi: ${toName}.`),
    body,
    footer: [
      recipients(['Như trên;', `Lưu: VT, ${abbreviation(fromName)}.`]),
      signature(signatureLines(member && member.titleVi, {bodyName: fromName, onBehalf: true}), actor.displayName),
    ],
    annex: [
      el('p', {class: 'official__annex-title'}, 'DANH SÁCH'),
      el('p', {class: 'official__annex-subtitle'},
        `ĐỀ NGHỊ TẶNG ${upper(awardName)} NĂM ${dossier.year || ''}`),
      el('p', {class: 'official__annex-ref'}, `(Kèm theo Tờ trình số      /${symbol} ${officialDate(date)} của ` +
        `${fullName(fromName)})`),
      nomineeTables(nominees),
    ],
  };
  const notes = [
    `Tờ trình của ${fullName(fromName)} (${levelLabel(step.level)}) ngày ${shortDate(date)}: danh sách gồm các hồ sơ ` +
      `${awardName} năm ${dossier.year || ''} của đơn vị và các đơn vị trực thuộc đã được cấp này trình lên cấp trên ` +
      'mà bạn được xem.',
    'Số tờ trình để trống để văn thư ghi khi đăng ký văn bản.',
  ];
  if (!list.complete) {
    notes.push(`Bạn không có quyền xem các hồ sơ khác của ${fullName(fromName)}: danh sách chỉ gồm hồ sơ này.`);
  }
  return {spec, notes};
}
