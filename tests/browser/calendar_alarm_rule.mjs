// The console's calendar alarm rule (web/assets/js/calendar_alarm.js): which years within the next 60 days have no
// stored holiday arrangement. Plain Node, no browser: exits 1 with the failed expectation.
import assert from 'node:assert/strict';
import {yearsWithoutArrangement} from '../../web/assets/js/calendar_alarm.js';

const stored = (...years) => ({years: years.map((year) => ({year}))});

// 60 days after 2026-12-01 is 2027-01-30: 2027 is reached.
assert.deepEqual(yearsWithoutArrangement(stored(2024, 2025, 2026), '2026-12-01'), [2027]);
assert.deepEqual(yearsWithoutArrangement(stored(2026, 2027), '2026-12-01'), []);
// 60 days after 2026-11-01 is 2026-12-31: still inside 2026.
assert.deepEqual(yearsWithoutArrangement(stored(2026), '2026-11-01'), []);
assert.deepEqual(yearsWithoutArrangement(stored(2026), '2026-11-02'), [2027]);
// Nothing stored at all: this year too.
assert.deepEqual(yearsWithoutArrangement({}, '2026-06-01'), [2026]);
// The API's JSON may carry the year as a number or (int64 elsewhere) a string.
assert.deepEqual(yearsWithoutArrangement({years: [{year: '2026'}]}, '2026-06-01'), []);
console.log('calendar alarm rule: ok');
