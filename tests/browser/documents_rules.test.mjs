// The rules of the console's official documents that need no browser (web/assets/js/documents/): which history
// steps have a tờ trình and which dossiers it lists, the wording of Decree 30/2020 (the date with its zeros, the
// place, the symbol's letters, the issuing body's lines, the signature block), the law cited by date. The walk in
// console_e2e.test.mjs shows the documents themselves; these are the cases its one dossier cannot reach.
import test from 'node:test';
import assert from 'node:assert/strict';
import {abbreviation, councilName, countPhrase, fullName, issuerLines, legalBases, officialDate, percent,
  placeOfName, signatureLines} from '../../web/assets/js/documents/format.js';
import {closedRounds, proposalsOf, sentUpBy} from '../../web/assets/js/documents/selection.js';

const entry = (action, level, orgId, toState) => ({action, level, orgId, toState, occurredAt: '2026-03-02T02:00:00Z'});

test('a tờ trình belongs to each level that sent the dossier up, named by the entry before the move', () => {
  // As the dossier service records it: the entry that moves the dossier carries the level and holder after it.
  const history = [
    entry('DOSSIER_ACTION_CREATE', 'ORG_LEVEL_UNIT', 'school', 'DOSSIER_STATE_DRAFT'),
    entry('DOSSIER_ACTION_SUBMIT', 'ORG_LEVEL_UNIT', 'school', 'DOSSIER_STATE_SUBMITTED'),
    entry('DOSSIER_ACTION_CAST_VOTE', 'ORG_LEVEL_UNIT', 'school', 'DOSSIER_STATE_COUNCIL_VOTING'),
    entry('DOSSIER_ACTION_CLOSE_VOTE', 'ORG_LEVEL_COMMUNE', 'commune', 'DOSSIER_STATE_SUBMITTED'),
    entry('DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT', 'ORG_LEVEL_COMMUNE', 'commune', 'DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT'),
    entry('DOSSIER_ACTION_RESUBMIT', 'ORG_LEVEL_COMMUNE', 'commune', 'DOSSIER_STATE_UNDER_REVIEW'),
    entry('DOSSIER_ACTION_FORWARD', 'ORG_LEVEL_PROVINCE', 'province', 'DOSSIER_STATE_SUBMITTED'),
    entry('DOSSIER_ACTION_CAST_VOTE', 'ORG_LEVEL_PROVINCE', 'province', 'DOSSIER_STATE_COUNCIL_VOTING'),
    entry('DOSSIER_ACTION_CLOSE_VOTE', 'ORG_LEVEL_PROVINCE', 'province', 'DOSSIER_STATE_FORWARDED_EXTERNAL'),
  ];
  assert.deepEqual(proposalsOf(history).map((s) => [s.level, s.slug, s.fromOrgId, s.toOrgId]), [
    ['ORG_LEVEL_UNIT', 'co-so', 'school', 'commune'],
    ['ORG_LEVEL_COMMUNE', 'xa', 'commune', 'province'],
    ['ORG_LEVEL_PROVINCE', 'tinh', 'province', ''],
  ]);
  // A vote that closes without moving the dossier up (failed, no quorum, or towards the decision) has no letter.
  assert.deepEqual(proposalsOf([history[2],
    entry('DOSSIER_ACTION_CLOSE_VOTE', 'ORG_LEVEL_UNIT', 'school', 'DOSSIER_STATE_AWAITING_DECISION')]), []);
});

test('a tờ trình lists the dossiers of the subtree that left the level, and no other', () => {
  const d = (id, currentLevel, state) => ({id, currentLevel, state});
  const found = [
    d('at-school', 'ORG_LEVEL_UNIT', 'DOSSIER_STATE_UNDER_REVIEW'),
    d('at-commune', 'ORG_LEVEL_COMMUNE', 'DOSSIER_STATE_COUNCIL_VOTING'),
    d('rejected-at-commune', 'ORG_LEVEL_COMMUNE', 'DOSSIER_STATE_REJECTED'),
    d('decided-at-commune', 'ORG_LEVEL_COMMUNE', 'DOSSIER_STATE_DECIDED'),
    d('at-province', 'ORG_LEVEL_PROVINCE', 'DOSSIER_STATE_UNDER_REVIEW'),
    d('rejected-by-province', 'ORG_LEVEL_PROVINCE', 'DOSSIER_STATE_REJECTED'),
  ];
  const commune = {level: 'ORG_LEVEL_COMMUNE', toOrgId: 'province'};
  const ids = (list) => list.map((x) => x.id);
  assert.deepEqual(ids(sentUpBy(found, commune, {decidingLevel: 'ORG_LEVEL_PROVINCE'})),
    ['at-province', 'rejected-by-province']);
  // At the last level, what went out of tdkt: still out, or decided there for an award decided above it.
  const province = {level: 'ORG_LEVEL_PROVINCE', toOrgId: ''};
  const atProvince = [
    d('out', 'ORG_LEVEL_PROVINCE', 'DOSSIER_STATE_FORWARDED_EXTERNAL'),
    d('back-granted', 'ORG_LEVEL_PROVINCE', 'DOSSIER_STATE_PUBLISHED'),
    d('under-review', 'ORG_LEVEL_PROVINCE', 'DOSSIER_STATE_UNDER_REVIEW'),
    d('refused', 'ORG_LEVEL_PROVINCE', 'DOSSIER_STATE_REJECTED'),
  ];
  assert.deepEqual(ids(sentUpBy(atProvince, province, {decidingLevel: 'ORG_LEVEL_CENTRAL'})), ['out', 'back-granted']);
  // An award the province decides itself: a dossier decided there never left it.
  assert.deepEqual(ids(sentUpBy(atProvince, province, {decidingLevel: 'ORG_LEVEL_PROVINCE'})), ['out']);
});

test('only closed ballot rounds have minutes, numbered by their place among all rounds', () => {
  const rounds = closedRounds([{status: 'VOTE_STATUS_CLOSED'}, {status: 'VOTE_STATUS_CLOSED'},
    {status: 'VOTE_STATUS_OPEN'}]);
  assert.deepEqual(rounds.map((r) => r.number), [1, 2]);
});

test('the wording of Decree 30/2020', () => {
  // A day below 10 and the months 1 and 2 take a leading zero; the other months do not.
  assert.equal(officialDate({year: 2024, month: 2, day: 15}), 'ngày 15 tháng 02 năm 2024');
  assert.equal(officialDate({year: 2024, month: 1, day: 5}), 'ngày 05 tháng 01 năm 2024');
  assert.equal(officialDate({year: 2025, month: 3, day: 9}), 'ngày 09 tháng 3 năm 2025');
  assert.equal(officialDate({year: 2025, month: 12, day: 31}), 'ngày 31 tháng 12 năm 2025');
  assert.equal(placeOfName('UBND xã Đồng Tân'), 'Đồng Tân');
  assert.equal(placeOfName('Ủy ban nhân dân tỉnh Phú Thọ'), 'Phú Thọ');
  assert.equal(placeOfName('UBND thành phố Việt Trì'), 'Việt Trì');
  assert.equal(placeOfName('Trường Tiểu học Đồng Tân'), '');
  assert.equal(fullName('UBND tỉnh Phú Thọ'), 'Ủy ban nhân dân tỉnh Phú Thọ');
  assert.deepEqual(issuerLines('UBND xã Đồng Tân'), ['ỦY BAN NHÂN DÂN', 'XÃ ĐỒNG TÂN']);
  assert.deepEqual(issuerLines('Trường Tiểu học Đồng Tân'), ['TRƯỜNG TIỂU HỌC ĐỒNG TÂN']);
  assert.equal(abbreviation('UBND tỉnh Phú Thọ'), 'UBND');
  assert.equal(abbreviation('Trường Tiểu học Đồng Tân'), 'TTHĐT');
  assert.equal(councilName('UBND xã Đồng Tân'), 'Hội đồng Thi đua – Khen thưởng xã Đồng Tân');
  assert.deepEqual(signatureLines('Chủ tịch UBND xã', {bodyName: 'UBND xã Đồng Tân', onBehalf: true}),
    ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
  assert.deepEqual(signatureLines('Chủ tịch UBND tỉnh', {bodyName: 'UBND tỉnh Phú Thọ'}), ['CHỦ TỊCH']);
  assert.deepEqual(signatureLines('Phó Chủ tịch UBND tỉnh', {bodyName: 'UBND tỉnh Phú Thọ'}),
    ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
  assert.deepEqual(signatureLines('Phó Thủ tướng Chính phủ', {bodyName: 'Thủ tướng Chính phủ'}),
    ['KT. THỦ TƯỚNG', 'PHÓ THỦ TƯỚNG']);
  assert.deepEqual(signatureLines('Hiệu trưởng', {bodyName: 'Trường Tiểu học Đồng Tân', onBehalf: true}),
    ['HIỆU TRƯỞNG']);
  assert.equal(countPhrase([{kind: 'NOMINEE_KIND_INDIVIDUAL'}, {kind: 'NOMINEE_KIND_COLLECTIVE'},
    {kind: 'NOMINEE_KIND_INDIVIDUAL'}]), '2 cá nhân và 1 tập thể');
  assert.equal(percent(2 / 3), '66,67%');
  assert.equal(percent(0.5), '50%');
  for (const text of [officialDate({year: 2024, month: 2, day: 5}), ...issuerLines('UBND xã Đồng Tân')]) {
    assert.equal(text, text.normalize('NFC'));
  }
});

test('a document cites the law in force on its date', () => {
  assert.match(legalBases('2023-12-31').join(' '), /91\/2017\/NĐ-CP/);
  assert.match(legalBases('2024-01-01').join(' '), /06\/2022\/QH15.*98\/2023\/NĐ-CP/);
  assert.match(legalBases('2025-06-30').join(' '), /98\/2023\/NĐ-CP/);
  assert.match(legalBases('2025-07-01').join(' '), /06\/2022\/QH15.*152\/2025\/NĐ-CP/);
});
