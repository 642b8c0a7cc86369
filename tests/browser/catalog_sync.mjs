// The web console's copy of the award catalogue (web/assets/js/catalog_data.js) against data/awards/*.textproto.
// The dossier API reports a dossier's documents but not the kinds its award requires, and the console has no
// build step, so it carries the catalogue's names, subjects, proposing levels and required document kinds as
// a module. This script is its maker and its test:
//   node tests/browser/catalog_sync.mjs --check   fails (exit 1) when the module differs from data/awards
//   node tests/browser/catalog_sync.mjs --write   rewrites the module from data/awards
// The parser reads the subset of the protobuf text format the catalogue files use (AwardFile in award.proto).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const awardsDir = path.join(root, 'data/awards');
const target = path.join(root, 'web/assets/js/catalog_data.js');

// Splits the text format into tokens: names, strings, numbers and braces; comments dropped.
function tokens(text) {
  const out = [];
  const re = /\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|([{}:])|([A-Za-z_][A-Za-z0-9_.]*|[-+]?[0-9.eE+-]+)/gy;
  let m;
  while (re.lastIndex < text.length) {
    const at = re.lastIndex;
    m = re.exec(text);
    if (!m) throw new Error(`cannot read the text format at offset ${at}`);
    if (m[1] !== undefined) out.push({s: JSON.parse(`"${m[1]}"`)});
    else if (m[2] !== undefined) out.push({p: m[2]});
    else if (m[3] !== undefined) out.push({w: m[3]});
  }
  return out;
}

// A message as {field: [values]}; nested messages are objects of the same shape.
function parseMessage(toks, pos) {
  const msg = {};
  while (pos.i < toks.length && toks[pos.i].p !== '}') {
    const name = toks[pos.i++].w;
    if (!name) throw new Error('expected a field name');
    let value;
    if (toks[pos.i].p === ':') pos.i++;
    if (toks[pos.i].p === '{') {
      pos.i++;
      value = parseMessage(toks, pos);
      if (toks[pos.i++].p !== '}') throw new Error(`unclosed message ${name}`);
    } else {
      const t = toks[pos.i++];
      value = t.s !== undefined ? t.s : t.w;
    }
    (msg[name] ||= []).push(value);
  }
  return msg;
}

function dateText(d) {
  if (!d) return '';
  const n = (k, w) => String(d[k][0]).padStart(w, '0');
  return `${n('year', 4)}-${n('month', 2)}-${n('day', 2)}`;
}

export function readCatalogue() {
  const awards = [];
  for (const file of fs.readdirSync(awardsDir).filter((f) => f.endsWith('.textproto')).sort()) {
    const msg = parseMessage(tokens(fs.readFileSync(path.join(awardsDir, file), 'utf8')), {i: 0});
    for (const a of msg.awards || []) {
      awards.push({
        code: a.code[0],
        nameVi: a.name_vi[0],
        subjects: a.subjects || [],
        decidingLevel: a.deciding_level[0],
        proposingLevels: a.proposing_levels || [],
        requiredDocuments: a.required_documents || [],
        validFrom: dateText(a.valid_from?.[0]),
        validUntil: dateText(a.valid_until?.[0]),
      });
    }
  }
  return awards;
}

export function render(awards) {
  const lines = awards.map((a) => `  ${JSON.stringify(a)},`);
  return `// Generated from data/awards/*.textproto by tests/browser/catalog_sync.mjs --write; do not edit by hand
// (the browser test suite checks that it matches). Dated entries: see awardOn in catalog.js.
export const AWARDS = [
${lines.join('\n')}
];
`;
}

const mode = process.argv[2];
if (mode === '--write' || mode === '--check') {
  const want = render(readCatalogue());
  const have = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (mode === '--write') {
    fs.writeFileSync(target, want);
    console.log(`wrote ${path.relative(root, target)}`);
  } else if (have !== want) {
    console.error(`${path.relative(root, target)} differs from data/awards: run node tests/browser/catalog_sync.mjs --write`);
    process.exit(1);
  } else {
    console.log(`${path.relative(root, target)} matches data/awards (${readCatalogue().length} entries)`);
  }
}
