// The walk's printed documents: page.pdf (Chromium's printing, the print stylesheet applied) into the output
// folder's documents/, read back with poppler-utils (pdfinfo, pdftotext; deploy/local/packages.txt): the page
// size, the text of a page, and where the text sits on it (the margins).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {OUTPUT} from './browser_support.mjs';

export const MM = 72 / 25.4;  // PDF points per millimetre

// Prints the page as the browser would on A4 into documents/<name>.pdf; returns the file.
export async function printToPdf(page, name) {
  const dir = path.join(OUTPUT, 'documents');
  fs.mkdirSync(dir, {recursive: true});
  const file = path.join(dir, `${name}.pdf`);
  await page.pdf({path: file, format: 'A4'});
  assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
  return file;
}

// {pages, width, height} (points) from pdfinfo.
export function pdfInfo(file) {
  const out = execFileSync('pdfinfo', [file], {encoding: 'utf8'});
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  const pages = /Pages:\s+(\d+)/.exec(out);
  assert.ok(size && pages, `pdfinfo did not report the size of ${file}:\n${out}`);
  return {pages: Number(pages[1]), width: Number(size[1]), height: Number(size[2])};
}

// The text of page `pageNumber` (every page when absent), in NFC.
export function pdfText(file, pageNumber) {
  const range = pageNumber ? ['-f', String(pageNumber), '-l', String(pageNumber)] : [];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], {encoding: 'utf8'}).normalize('NFC');
}

// The box the words of page `pageNumber` fill, in points from the top left: {left, right, top, bottom}.
export function textBox(file, pageNumber = 1) {
  const out = execFileSync('pdftotext', ['-bbox', '-f', String(pageNumber), '-l', String(pageNumber), file, '-'],
    {encoding: 'utf8'});
  const words = [...out.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)]
    .map((m) => m.slice(1, 5).map(Number));
  assert.ok(words.length, `no words on page ${pageNumber} of ${file}`);
  return {left: Math.min(...words.map((w) => w[0])), top: Math.min(...words.map((w) => w[1])),
    right: Math.max(...words.map((w) => w[2])), bottom: Math.max(...words.map((w) => w[3]))};
}
