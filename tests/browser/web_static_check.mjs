// The console's files keep the rules the browser cannot show at a glance (docs/web-console.md): UTF-8 in NFC,
// no markup built from strings (innerHTML and friends), nothing the CSP would refuse (inline scripts, style
// attributes, inline event handlers, eval), nothing loaded from another host, lang="vi". Exit 1 with the list of
// offences.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'web');

function files(dir) {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

const RULES = [
  {ext: '.js', re: /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/,
    why: 'builds markup from a string (use dom.js el() and textContent)'},
  {ext: '.js', re: /\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]/, why: 'evaluates a string (the CSP forbids it)'},
  {ext: '.js', re: /\.style\.|setAttribute\(\s*['"]style['"]|cssText/, why: 'sets an inline style (use a class)'},
  {ext: '.js', re: /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, why: 'names another host (nothing from a CDN)'},
  {ext: '.html', re: /<script(?![^>]*\bsrc=)[^>]*>/i, why: 'inline <script>'},
  {ext: '.html', re: /\sstyle\s*=|<style\b/i, why: 'inline style'},
  {ext: '.html', re: /\son[a-z]+\s*=/i, why: 'inline event handler'},
  {ext: '.html', re: /(src|href)\s*=\s*["']?(https?:)?\/\//i, why: 'loads from another host'},
  {ext: '.css', re: /@import\s+url\(\s*["']?https?:|url\(\s*["']?https?:/i, why: 'loads from another host'},
];

const problems = [];
for (const file of files(web)) {
  const rel = path.relative(root, file);
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) problems.push(`${rel}: not UTF-8`);
  if (text.normalize('NFC') !== text) problems.push(`${rel}: not in Unicode NFC`);
  text.split('\n').forEach((line, i) => {
    for (const rule of RULES) {
      if (file.endsWith(rule.ext) && rule.re.test(line)) problems.push(`${rel}:${i + 1}: ${rule.why}`);
    }
  });
}
const index = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
if (!/<html lang="vi">/.test(index)) problems.push('web/index.html: <html lang="vi"> missing');

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`web/: ${files(web).length} files, none breaks the console's rules`);
