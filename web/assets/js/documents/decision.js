// Quyết định: the decision that grants the award, from the dossier's Decision (number, signing date, signer and
// title, issuing body), citing the law in force on its date and the council (or level) that proposed it, with the
// list of its awardees — the dossiers of the same award and year that carry the same decision (selection.js) —
// as its annex.
import {call} from '../api.js';
import {awardOfDossier} from '../catalog.js';
import {el} from '../dom.js';
import {isoDayOf, isoFromDate} from '../dates.js';
import {orgName} from '../orgs.js';
import {councilTitle, countPhrase, fullName, isPeoplesCommittee, issuerLines, legalBases, nomineeRows, nomineeTables,
  numberLine, officialDate, para, placeOf, placeOfName, recipients, shortDate, signature, signatureLines, upper}
  from './format.js';
import {awardeesWith, proposalsOf} from './selection.js';

// Who decides: the chairman of a people's committee decides in his own name ("Chủ tịch Ủy ban nhân dân tỉnh Phú
// Thọ", even when a vice chairman signs for him); another body decides as itself ("Thủ tướng Chính phủ"). The
// line under the subject prints it in capitals.
function authorityOf(decision) {
  const body = decision.issuingBodyVi || '';
  if (isPeoplesCommittee(body) && /^(phó )?chủ tịch\b/iu.test(decision.signerTitleVi || '')) {
    return `Chủ tịch ${fullName(body)}`;
  }
  return fullName(body);
}

// Whose proposal the decision answers: for a decision taken outside tdkt, the level that sent the dossier out;
// else the council of the deciding level when its vote passed there, else the level that sent the dossier up last.
async function proposerOf(dossier, history, votes, external) {
  const steps = proposalsOf(history);
  if (external && steps.length) return fullName(await orgName(steps[steps.length - 1].fromOrgId));
  const level = dossier.currentLevel;
  const passed = votes.filter((v) => v.level === level && v.status === 'VOTE_STATUS_CLOSED' &&
    v.result === 'VOTE_RESULT_PASSED');
  if (passed.length) {
    const vote = passed[passed.length - 1];
    let council = null;
    try {
      council = vote.councilId ? (await call('directory', 'GetCouncil', {councilId: vote.councilId})).council : null;
    } catch {
      // The council is only named when the directory answers; the level's organisation will do.
    }
    return councilTitle(council, await orgName((council && council.orgId) || dossier.holdingOrgId));
  }
  return steps.length ? fullName(await orgName(steps[steps.length - 1].fromOrgId)) : '';
}

// Builds the decision of `dossier` and its list of awardees: {spec, notes}. Throws when there is no decision.
export async function buildDecision({dossier, history, votes}) {
  const decision = dossier.decision;
  if (!decision || !decision.number) throw new Error('Hồ sơ chưa có quyết định khen thưởng.');
  const iso = isoFromDate(decision.date) || isoDayOf(dossier.stateChangedAt);
  const body = decision.issuingBodyVi || '';
  // A decision recorded from outside tdkt was taken by a central body (docs/domain.md §2), which sits in Hà Nội.
  const external = history.some((h) => h.action === 'DOSSIER_ACTION_RECORD_EXTERNAL_OUTCOME');
  const [awardees, proposer, holderPlace] = await Promise.all([awardeesWith(dossier),
    proposerOf(dossier, history, votes, external), placeOf(dossier.holdingOrgId, iso)]);
  const place = placeOfName(body) || (external ? 'Hà Nội' : holderPlace);
  const award = awardOfDossier(dossier, iso, dossier.createdAt ? isoDayOf(dossier.createdAt) : '');
  const awardName = award ? award.nameVi : dossier.awardCode;
  const listed = await nomineeRows(awardees);
  const authority = authorityOf(decision);

  const spec = {
    name: 'quyet-dinh',
    parent: '',
    issuer: issuerLines(body),
    number: numberLine(decision.number, ''),
    placeDate: `${place ? `${place}, ` : ''}${officialDate(decision.date)}`,
    kind: 'QUYẾT ĐỊNH',
    subject: `Về việc tặng ${awardName}`,
    before: el('p', {class: 'official__authority'}, upper(authority)),
    body: [
      ...legalBases(iso).map((basis) => para(basis)),
      proposer ? para(`Xét đề nghị của ${proposer}.`) : null,
      el('p', {class: 'official__decides'}, 'QUYẾT ĐỊNH:'),
      para(el('strong', {}, 'Điều 1. '), `Tặng ${awardName} cho ${countPhrase(listed)} (có danh sách kèm theo) đã ` +
        `có thành tích xuất sắc trong phong trào thi đua năm ${dossier.year || ''}.`),
      para(el('strong', {}, 'Điều 2. '), 'Quyết định này có hiệu lực kể từ ngày ký.'),
      para(el('strong', {}, 'Điều 3. '), 'Thủ trưởng các cơ quan, đơn vị có liên quan và các cá nhân, tập thể có tên ' +
        'tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.'),
    ],
    footer: [
      recipients(['Như Điều 3;', 'Lưu: VT.']),
      signature(signatureLines(decision.signerTitleVi, {bodyName: body}), decision.signerName),
    ],
    annex: [
      el('p', {class: 'official__annex-title'}, 'DANH SÁCH'),
      el('p', {class: 'official__annex-subtitle'}, `ĐƯỢC TẶNG ${upper(awardName)}`),
      el('p', {class: 'official__annex-ref'},
        `(Kèm theo Quyết định số ${decision.number} ${officialDate(decision.date)} của ${authority})`),
      nomineeTables(listed),
    ],
  };
  const notes = [
    `Quyết định số ${decision.number} ngày ${shortDate(decision.date)}: danh sách gồm các hồ sơ ${awardName} năm ` +
      `${dossier.year || ''} mang cùng số quyết định mà bạn được xem.`,
  ];
  return {spec, notes};
}
