// The table of dossier counts by state (rows) and level (columns), with totals: the dashboard's
// (GetDossierStatistics) and the report's (GetReport) counts. `count` reads a row's number.
import {el} from './dom.js';
import {LEVEL, LEVEL_ORDER, STATE, STATE_ORDER, label} from './labels.js';

export function stateLevelTable(counts, {count, caption, empty}) {
  const levels = LEVEL_ORDER.filter((l) => counts.some((c) => c.level === l));
  const states = STATE_ORDER.filter((s) => counts.some((c) => c.state === s));
  const n = (state, level) => counts.filter((c) => (!state || c.state === state) && (!level || c.level === level))
    .reduce((sum, c) => sum + Number(count(c) || 0), 0);
  if (!states.length) return el('p', {class: 'empty'}, empty);
  const cells = (state) => [levels.map((l) => el('td', {class: 'num'}, String(n(state, l)))),
    el('td', {class: 'num'}, String(n(state, null)))];
  return el('table', {class: 'table table--compact counts-table'},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Trạng thái'),
      levels.map((l) => el('th', {scope: 'col', class: 'num'}, `Cấp ${label(LEVEL, l)}`)),
      el('th', {scope: 'col', class: 'num'}, 'Tổng'))),
    el('tbody', {}, states.map((s) => el('tr', {}, el('th', {scope: 'row'}, label(STATE, s)), cells(s)))),
    el('tfoot', {}, el('tr', {}, el('th', {scope: 'row'}, 'Tổng'), cells(null))));
}
