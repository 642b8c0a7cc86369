// The form of an administrative document under Decree 30/2020/NĐ-CP (thể thức văn bản hành chính), built as DOM
// for the console's printable documents (docs/web-console.md, "Official documents"): the issuing body on the
// left over the number and symbol, the national motto on the right over the place and date, the kind and the
// subject in the middle, the body, the recipients and the signature block. Sizes, fonts and the A4 margins are
// in assets/css/documents.css and print.css; this file only says what goes where, and the wording rules
// (capitals, the date "ngày 05 tháng 02 năm 2024", the place name, the symbol's abbreviation).
import {el} from '../dom.js';
import {dateFromIso, isoDayOf, partsOfTimestamp} from '../dates.js';
import {NOMINEE_KIND} from '../labels.js';
import {organisation, organisationOn} from '../orgs.js';

export const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

// "UBND tỉnh Phú Thọ", "Ủy ban nhân dân xã Đồng Tân": a people's committee and the rest of its name.
const PEOPLES_COMMITTEE = /^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(.+)$/iu;
// The administrative unit's word before its own name: the place is what follows it.
const UNIT_WORD = /^(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(.+)$/iu;

// Capitals as Vietnamese writes them, in NFC.
export function upper(text) {
  return (text || '').normalize('NFC').toLocaleUpperCase('vi').normalize('NFC');
}

// The body's name written out ("UBND xã Đồng Tân" → "Ủy ban nhân dân xã Đồng Tân"): the decree wants the full
// name of the issuing body; "UBND" is only an abbreviation people type.
export function fullName(name) {
  const m = PEOPLES_COMMITTEE.exec((name || '').trim());
  return m ? `Ủy ban nhân dân ${m[1]}` : (name || '').trim();
}

export function isPeoplesCommittee(name) {
  return PEOPLES_COMMITTEE.test((name || '').trim());
}

// The name of a body's emulation and commendation council: "UBND xã Đồng Tân" → "Hội đồng Thi đua – Khen thưởng xã
// Đồng Tân", "Trường Tiểu học Đồng Tân" → "Hội đồng Thi đua – Khen thưởng Trường Tiểu học Đồng Tân".
export function councilName(bodyName) {
  const m = PEOPLES_COMMITTEE.exec((bodyName || '').trim());
  const of = m ? m[1] : (bodyName || '').trim();
  return `Hội đồng Thi đua – Khen thưởng${of ? ` ${of}` : ''}`;
}

// The issuing body as the header prints it, one entry per line, in capitals: a people's committee on two
// lines ("ỦY BAN NHÂN DÂN" / "XÃ ĐỒNG TÂN"), any other body on one.
export function issuerLines(name) {
  const m = PEOPLES_COMMITTEE.exec((name || '').trim());
  return m ? ['ỦY BAN NHÂN DÂN', upper(m[1])] : [upper((name || '').trim())];
}

// The letters after the kind in a symbol ("…/TTr-UBND"): "UBND" for a people's committee, else the initials of
// the body's words ("Trường Tiểu học Đồng Tân" → "TTHĐT").
export function abbreviation(name) {
  if (isPeoplesCommittee(name)) return 'UBND';
  return (name || '').trim().split(/\s+/u).filter(Boolean).map((word) => upper([...word][0])).join('');
}

// The place of a body's own name ("UBND xã Đồng Tân" → "Đồng Tân"), or '' when the name has no administrative unit.
export function placeOfName(name) {
  const m = PEOPLES_COMMITTEE.exec((name || '').trim());
  const rest = m ? m[1] : (name || '').trim();
  const unit = UNIT_WORD.exec(rest);
  return unit ? unit[1] : '';
}

// The place (địa danh) a body dates its documents from: the administrative unit it sits in. A unit (a school,
// a health station) takes its commune's name; a body whose name has no unit, its short name.
export async function placeOf(orgId, isoDate) {
  let org = await organisationOn(orgId, isoDate);
  for (let hops = 0; org && org.level === 'ORG_LEVEL_UNIT' && org.parentId && hops < 4; hops += 1) {
    const parent = await organisationOn(org.parentId, isoDate);
    if (!parent) break;
    org = parent;
  }
  if (!org) return '';
  return placeOfName(org.nameVi) || org.shortNameVi || org.nameVi || '';
}

const two = (n) => String(n).padStart(2, '0');

// "ngày 05 tháng 02 năm 2024" for a tdkt.v1.Date: a day below 10 and the months 1 and 2 take a leading zero.
export function officialDate(d) {
  if (!d || !d.year) return 'ngày … tháng … năm …';
  const month = d.month < 3 ? two(d.month) : String(d.month);
  return `ngày ${two(d.day)} tháng ${month} năm ${d.year}`;
}

// The Vietnamese day of a Timestamp as a tdkt.v1.Date.
export function dateOfTimestamp(ts) {
  return ts ? dateFromIso(isoDayOf(ts)) : null;
}

// "09 giờ 30 phút, ngày 15 tháng 02 năm 2024" for a Timestamp.
export function officialMoment(ts) {
  const p = partsOfTimestamp(ts);
  if (!p) return '';
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ${officialDate(p)}`;
}

// "15/02/2024".
export function shortDate(d) {
  return d && d.year ? `${two(d.day)}/${two(d.month)}/${d.year}` : '…';
}

// A share as Vietnamese writes it: 0.6667 → "66,67%".
export function percent(share) {
  const value = Math.round(Number(share || 0) * 10000) / 100;
  return `${String(value).replace('.', ',')}%`;
}

// The laws a document cites as its basis, by the date it bears (docs/domain.md §1: the law and its decree in force
// then).
export function legalBases(isoDate) {
  if (isoDate && isoDate < '2024-01-01') {
    return ['Căn cứ Luật Thi đua, khen thưởng năm 2003, được sửa đổi, bổ sung năm 2005 và năm 2013;',
      'Căn cứ Nghị định số 91/2017/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, ' +
        'khen thưởng;'];
  }
  const decree = !isoDate || isoDate < '2025-07-01' ?
    'Căn cứ Nghị định số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, ' +
      'khen thưởng;' :
    'Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, ' +
      'khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;';
  return ['Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;', decree];
}

// The heads whose deputies sign "KT." for them, as a title begins with them.
const HEADS = [['chủ tịch', 'CHỦ TỊCH'], ['thủ tướng', 'THỦ TƯỚNG']];

// The signature block's lines above the signer's name, from the signer's title (e.g. "Chủ tịch UBND tỉnh"):
// for a people's committee acting as a body (`onBehalf`: a tờ trình) "TM. ỦY BAN NHÂN DÂN" first; the head
// signs as "CHỦ TỊCH" or "THỦ TƯỚNG", a deputy "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"; any other title in capitals
// ("HIỆU TRƯỞNG").
export function signatureLines(titleVi, {bodyName = '', onBehalf = false} = {}) {
  const title = (titleVi || '').trim();
  const lower = title.toLocaleLowerCase('vi');
  const committee = isPeoplesCommittee(bodyName);
  const lines = onBehalf && committee ? ['TM. ỦY BAN NHÂN DÂN'] : [];
  const deputy = HEADS.find(([head]) => lower.startsWith(`phó ${head}`));
  const head = HEADS.find(([word]) => lower.startsWith(word));
  if (deputy) {
    lines.push(`KT. ${deputy[1]}`, `PHÓ ${deputy[1]}`);
  } else if (head) {
    lines.push(head[1]);
  } else if (title) {
    lines.push(upper(title));
  } else {
    lines.push(committee ? 'CHỦ TỊCH' : 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ');
  }
  return lines;
}

// How many individuals, collectives and households a list of nominee rows (nomineeRows) holds: "2 cá nhân và 1
// tập thể".
export function countPhrase(rows) {
  const counts = new Map();
  for (const row of rows) counts.set(row.kind, (counts.get(row.kind) || 0) + 1);
  const words = {NOMINEE_KIND_INDIVIDUAL: 'cá nhân', NOMINEE_KIND_COLLECTIVE: 'tập thể',
    NOMINEE_KIND_HOUSEHOLD: 'hộ gia đình'};
  const parts = Object.keys(words).filter((k) => counts.get(k)).map((k) => `${counts.get(k)} ${words[k]}`);
  if (parts.length <= 1) return parts[0] || '0 cá nhân';
  return `${parts.slice(0, -1).join(', ')} và ${parts[parts.length - 1]}`;
}

// The rows of a list of nominees, sorted as a list is printed (by unit, then by name, Vietnamese collation):
// {id, kind, name, position, unit}. The unit is the one written on the proposal, else the name of the unit that
// proposed the dossier.
export async function nomineeRows(dossiers) {
  const rows = await Promise.all(dossiers.map(async (d) => {
    const n = d.nominee || {};
    const origin = n.unitNameVi ? null : await organisation(d.originOrgId);
    return {id: d.id || '', kind: n.kind || 'NOMINEE_KIND_INDIVIDUAL', name: n.name || '', position: n.positionVi || '',
      unit: n.unitNameVi || (origin && origin.nameVi) || ''};
  }));
  const key = (r) => `${r.unit}\u0000${r.name}`;
  return rows.sort((a, b) => key(a).localeCompare(key(b), 'vi', {sensitivity: 'base', numeric: true}));
}

// The name of a body's council as a document prints it: the directory's name, unless it is the directory's default
// made from the body's name ("Hội đồng Thi đua – Khen thưởng UBND xã Đồng Tân"), which reads as councilName's.
export function councilTitle(council, bodyName) {
  const named = council && council.nameVi;
  if (!named || named === `Hội đồng Thi đua – Khen thưởng ${bodyName}`) return councilName(bodyName);
  return named;
}

// ---- the page ----

// The top of the first page: the issuing body (its parent body above it, when there is one) and the number and
// symbol on the left; the motto and the place and date on the right.
function header({parent, issuer, number, placeDate}) {
  return el('div', {class: 'official__header'},
    el('div', {class: 'official__issuer'},
      parent ? el('p', {class: 'official__parent'}, upper(parent)) : null,
      el('p', {class: 'official__issuer-name'}, issuer.map((line, i) => [i ? el('br') : null, line])),
      el('p', {class: 'official__number'}, number)),
    el('div', {class: 'official__national'},
      el('p', {class: 'official__nation'}, NATION),
      el('p', {class: 'official__motto'}, el('span', {}, MOTTO)),
      el('p', {class: 'official__place-date'}, placeDate)));
}

// "Số: 2468/QĐ-UBND", or, for a document the office numbers when it registers it, "Số:      /TTr-UBND" with
// the number left blank.
export function numberLine(number, symbol) {
  return number ? ['Số: ', number] : ['Số: ', el('span', {class: 'official__blank'}), `/${symbol}`];
}

// A paragraph of the body.
export function para(...children) {
  return el('p', {class: 'official__para'}, children);
}

// A numbered part's heading in the body ("I. THÀNH PHẦN").
export function part(text) {
  return el('h2', {class: 'official__part'}, text);
}

// The recipients ("Nơi nhận:") at the bottom left.
export function recipients(items) {
  return el('div', {class: 'official__recipients'},
    el('p', {class: 'official__recipients-title'}, 'Nơi nhận:'),
    el('ul', {class: 'official__recipients-list'}, items.map((item) => el('li', {}, `- ${item}`))));
}

// One signature block: the capacity lines, room for the signature and the seal, the signer's full name.
export function signature(lines, signerName) {
  return el('div', {class: 'official__signature'},
    lines.map((line) => el('p', {class: 'official__capacity'}, line)),
    el('div', {class: 'official__sign-space'}),
    el('p', {class: 'official__signer'}, signerName || ''));
}

// The list of nominees (nomineeRows): one table per kind (collectives, households, individuals), numbered, each
// row a dossier: name, position, unit.
export function nomineeTables(rows) {
  const order = ['NOMINEE_KIND_COLLECTIVE', 'NOMINEE_KIND_HOUSEHOLD', 'NOMINEE_KIND_INDIVIDUAL'];
  const groups = order.map((kind) => ({kind, items: rows.filter((r) => r.kind === kind)}))
    .filter((g) => g.items.length);
  const roman = ['I', 'II', 'III'];
  return groups.map((group, g) => el('table', {class: 'official__table official__list', dataset: {kind: group.kind}},
    el('caption', {}, `${groups.length > 1 ? `${roman[g]}. ` : ''}${NOMINEE_KIND[group.kind]} (${group.items.length})`),
    el('thead', {}, el('tr', {},
      el('th', {scope: 'col', class: 'official__col-number'}, 'STT'),
      el('th', {scope: 'col'}, group.kind === 'NOMINEE_KIND_INDIVIDUAL' ? 'Họ và tên' : 'Tên tập thể, hộ gia đình'),
      el('th', {scope: 'col'}, 'Chức vụ'),
      el('th', {scope: 'col'}, 'Đơn vị công tác, nơi ở'))),
    el('tbody', {}, group.items.map((row, i) => el('tr', {dataset: {dossierId: row.id}},
      el('td', {class: 'official__col-number'}, String(i + 1)),
      el('td', {}, row.name),
      el('td', {}, row.position),
      el('td', {}, row.unit))))));
}

// The whole document: `name` ('to-trinh', 'bien-ban', 'quyet-dinh') marks it for the stylesheet and the tests.
// First page: header, kind (the page's <h1>), subject, then `before` (the "Kính gửi" line or the authority), the
// body and the footer (recipients and signatures). `annex` (the list sent with it) starts a new page.
export function officialDocument({name, parent, issuer, number, placeDate, kind, subject, before, body, footer,
  annex}) {
  return el('article', {class: `official official--${name}`, dataset: {document: name},
    'aria-labelledby': `doc-${name}`},
    el('div', {class: 'official__sheet'},
      header({parent, issuer, number, placeDate}),
      el('h1', {class: 'official__kind', id: `doc-${name}`, tabindex: '-1'}, kind),
      subject ? el('p', {class: 'official__subject'}, subject) : null,
      before || null,
      el('div', {class: 'official__body'}, body),
      el('div', {class: 'official__footer'}, footer)),
    annex ? el('div', {class: 'official__sheet official__annex'}, annex) : null);
}
