// In văn bản: a dossier's official documents as printable pages — #/dossiers/<id>/to-trinh/<level> (a level's
// proposal letter), #/dossiers/<id>/bien-ban/<round> (the minutes of a closed ballot round), #/dossiers/<id>/quyet-dinh
// (the decision) — in the form of Decree 30/2020/NĐ-CP (documents/format.js). Above the sheet, on screen only, a
// way back to the dossier, the print button (the browser's own printing: print.css hides the console around the
// sheet and sets the A4 page) and what the reader should know about the document.
import {call} from '../api.js';
import {el, replace} from '../dom.js';
import {errorBox, loading} from '../ui.js';
import {buildDecision} from '../documents/decision.js';
import {officialDocument} from '../documents/format.js';
import {buildMinutes} from '../documents/minutes.js';
import {buildProposal} from '../documents/proposal.js';

const TITLES = {'to-trinh': 'Tờ trình', 'bien-ban': 'Biên bản họp Hội đồng', 'quyet-dinh': 'Quyết định khen thưởng'};

function toolbar(dossierId, trackingCode, notes) {
  return el('div', {class: 'document-toolbar no-print'},
    el('div', {class: 'button-row'},
      el('a', {class: 'button', href: `#/dossiers/${encodeURIComponent(dossierId)}`},
        `Về hồ sơ${trackingCode ? ` ${trackingCode}` : ''}`),
      el('button', {type: 'button', class: 'button button--primary', onClick: () => window.print()}, 'In văn bản')),
    notes.length ? el('ul', {class: 'document-notes hint'}, notes.map((note) => el('li', {}, note))) : null);
}

export async function render(main, {params, stale}) {
  const dossierId = decodeURIComponent(params[0]);
  const kind = params[1];
  const argument = params[2] ? decodeURIComponent(params[2]) : '';
  replace(main, loading());
  const response = await call('dossier', 'GetDossier', {dossierId});
  if (stale()) return;
  const ctx = {dossier: response.dossier || {}, history: response.history || [], votes: response.votes || []};
  document.title = `${TITLES[kind] || 'Văn bản'} — hồ sơ ${ctx.dossier.trackingCode || ''}`;
  let built;
  try {
    if (kind === 'to-trinh') built = await buildProposal(ctx, argument);
    else if (kind === 'bien-ban') built = await buildMinutes(ctx, argument);
    else built = await buildDecision(ctx);
  } catch (error) {
    if (stale()) return;
    replace(main, toolbar(dossierId, ctx.dossier.trackingCode, []),
      el('h1', {class: 'page-title', tabindex: '-1'}, TITLES[kind] || 'Văn bản'), errorBox(error));
    return;
  }
  if (stale()) return;
  replace(main, el('div', {class: 'document-page'}, toolbar(dossierId, ctx.dossier.trackingCode, built.notes),
    officialDocument(built.spec)));
  return () => { document.title = 'tdkt — Thi đua, khen thưởng'; };
}
