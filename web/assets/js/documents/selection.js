// Which dossiers a document lists, from the dossier API's search (SearchDossiers: exactly the dossiers the reader
// may see, each as GetDossier shows it), and which steps of a dossier's history have a document at all.
//  - A level's proposal letter (tờ trình) lists every dossier of the same award and year from the proposing
//    organisation's subtree that has left that level upwards: a dossier only climbs the chain through each level's
//    forward (or its council's passed vote), so a dossier of the subtree now held above the level is one the level
//    proposed, whatever became of it above since. At the last level, whose proposals leave tdkt, that is a
//    dossier still FORWARDED_EXTERNAL there, or decided there although its award is decided above it (the
//    outcome came back); one refused from outside is REJECTED like one the level refused itself, and is left out.
//  - A decision (quyết định) lists every dossier of the same award and year that carries the same decision (number
//    and issuing body).
// Both lists hold only what the reader may see: the page says so, and says when the search itself was refused.
import {call} from '../api.js';

const LEVEL_RANK = {ORG_LEVEL_UNIT: 1, ORG_LEVEL_COMMUNE: 2, ORG_LEVEL_DISTRICT: 3, ORG_LEVEL_PROVINCE: 4,
  ORG_LEVEL_CENTRAL: 5};

// The level's part of the document routes: #/dossiers/<id>/to-trinh/xa.
export const LEVEL_SLUG = {ORG_LEVEL_UNIT: 'co-so', ORG_LEVEL_COMMUNE: 'xa', ORG_LEVEL_DISTRICT: 'huyen',
  ORG_LEVEL_PROVINCE: 'tinh', ORG_LEVEL_CENTRAL: 'trung-uong'};

const UPWARD = new Set(['DOSSIER_ACTION_FORWARD', 'DOSSIER_ACTION_CLOSE_VOTE']);

// The steps at which a level sent the dossier up — the forward, or the close of its council's passed vote, that
// left it SUBMITTED at the next level or FORWARDED_EXTERNAL beyond the last — oldest first:
// {level, slug, entry, fromOrgId (the level's organisation), toOrgId (the next one; '' beyond tdkt)}. The level
// and organisation that sent it are those of the entry before: the moving entry itself records where the
// dossier is after it.
export function proposalsOf(history) {
  const steps = [];
  history.forEach((entry, i) => {
    if (!UPWARD.has(entry.action) || i === 0) return;
    const external = entry.toState === 'DOSSIER_STATE_FORWARDED_EXTERNAL';
    if (entry.toState !== 'DOSSIER_STATE_SUBMITTED' && !external) return;
    const before = history[i - 1];
    steps.push({level: before.level, slug: LEVEL_SLUG[before.level] || '', entry, fromOrgId: before.orgId || '',
      toOrgId: external ? '' : entry.orgId || ''});
  });
  return steps;
}

// The closed ballot rounds, each with its number in GetDossier's list (1 = the first round): the minutes' route is
// #/dossiers/<id>/bien-ban/<number>.
export function closedRounds(votes) {
  return votes.map((vote, i) => ({vote, number: i + 1})).filter((r) => r.vote.status === 'VOTE_STATUS_CLOSED');
}

// Every dossier SearchDossiers finds for `request`, page after page.
async function searchAll(request) {
  const found = [];
  let pageToken = '';
  for (let pages = 0; pages < 100; pages += 1) {
    const response = await call('dossier', 'SearchDossiers', {...request, page: {pageSize: 200, pageToken}});
    found.push(...(response.dossiers || []));
    pageToken = (response.page && response.page.nextPageToken) || '';
    if (!pageToken) break;
  }
  return found;
}

// Puts `dossier` in `list` when the search left it out (it is the document's reason to exist).
function withDossier(list, dossier) {
  return list.some((d) => d.id === dossier.id) ? list : [dossier, ...list];
}

// Of `found` (dossiers of the proposing organisation's subtree), those the level at `step` sent up (the rule
// above), for an award of catalogue entry `award`. A step with no next organisation is the last level's, out of
// tdkt.
export function sentUpBy(found, step, award) {
  const rank = LEVEL_RANK[step.level] || 0;
  const outOfTdkt = !step.toOrgId;
  const decidedAbove = Boolean(award) && (LEVEL_RANK[award.decidingLevel] || 0) > rank;
  const backFromOutside = new Set(['DOSSIER_STATE_DECIDED', 'DOSSIER_STATE_PUBLISHED']);
  return found.filter((d) => (LEVEL_RANK[d.currentLevel] || 0) > rank ||
    (outOfTdkt && d.currentLevel === step.level && (d.state === 'DOSSIER_STATE_FORWARDED_EXTERNAL' ||
      (decidedAbove && backFromOutside.has(d.state)))));
}

// What the level at `step` proposed along with `dossier` (of catalogue entry `award`): {dossiers, complete}.
// `complete` is false when the reader may not search the proposing organisation's subtree (a unit's submitter
// reading the commune's letter): the list then holds this dossier only.
export async function proposedWith(dossier, step, award) {
  let found;
  try {
    found = await searchAll({orgSubtreeId: step.fromOrgId, awardCode: dossier.awardCode, year: dossier.year});
  } catch (error) {
    if (error.code !== 'PERMISSION_DENIED') throw error;
    return {dossiers: [dossier], complete: false};
  }
  return {dossiers: withDossier(sentUpBy(found, step, award), dossier), complete: true};
}

// The awardees of `dossier`'s decision among the dossiers the reader sees.
export async function awardeesWith(dossier) {
  const decision = dossier.decision || {};
  const found = await searchAll({states: ['DOSSIER_STATE_DECIDED', 'DOSSIER_STATE_PUBLISHED'],
    awardCode: dossier.awardCode, year: dossier.year});
  const same = found.filter((d) => d.decision && d.decision.number === decision.number &&
    (d.decision.issuingBodyVi || '') === (decision.issuingBodyVi || ''));
  return withDossier(same, dossier);
}
