// What the browser walk needs around playwright-core: Debian's Chromium, one browser context per demo user
// (each its own session cookie), logging in through the console's own form, axe-core on every page (0 serious
// or critical violations allowed), the phone-width check, screenshots, and the page's console watched for CSP
// violations and script errors. The node modules come from TDKT_BROWSER_NODE_MODULES (npm ci in the build
// directory, tests/browser/run_console_e2e.sh).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';

const modules = process.env.TDKT_BROWSER_NODE_MODULES;
assert.ok(modules, 'TDKT_BROWSER_NODE_MODULES is not set (run tests/browser/run_console_e2e.sh)');
const require = createRequire(path.join(modules, 'noop.js'));
const {chromium} = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = process.env.TDKT_CONSOLE_URL;
export const OUTPUT = process.env.TDKT_BROWSER_OUTPUT;
export const PASSWORD = 'tdkt-demo-2025';
export const DESKTOP = {width: 1366, height: 768};
export const PHONE = {width: 390, height: 844};
assert.ok(BASE && OUTPUT, 'TDKT_CONSOLE_URL and TDKT_BROWSER_OUTPUT must be set');
fs.mkdirSync(path.join(OUTPUT, 'screenshots'), {recursive: true});

export async function launch() {
  return chromium.launch({
    executablePath: process.env.TDKT_CHROMIUM || '/usr/bin/chromium',
    // The machine has no network beyond the test's servers: Chromium's own background traffic is turned off.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// Every axe run, for the report (output/axe-report.json) and the summary line.
export const axeRuns = [];
// Problems seen in any page's console (CSP violations, uncaught errors): the walk fails on any.
export const consoleProblems = [];

// A browser context + page for one person (not yet logged in).
export async function openPage(browser, who) {
  const context = await browser.newContext({viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: true});
  const page = await context.newPage();
  page.on('console', (msg) => {
    const text = msg.text();
    // A refused request is the page's business (e.g. a 403 shown to the user); CSP and script errors are not.
    if (msg.type() === 'error' && !/Failed to load resource/.test(text)) consoleProblems.push(`${who}: ${text}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`${who}: uncaught ${error.message}`));
  page.who = who;
  return page;
}

// Logs `username` in through the login form and waits for the inbox.
export async function login(page, username) {
  await page.goto(`${BASE}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', {name: 'Đăng nhập'}).click();
  const inbox = page.getByRole('heading', {level: 1, name: 'Hồ sơ cần xử lý'});
  const refused = page.locator('.login-form [role="alert"]');
  await Promise.race([inbox.waitFor(), refused.waitFor()]);
  if (await refused.count()) throw new Error(`${username} could not log in: ${await refused.innerText()}`);
  await page.locator('.inbox-list .loading').waitFor({state: 'detached'});
}

// Runs axe-core on the page as it is now; fails on any serious or critical violation.
export async function checkAxe(page, name) {
  // Evaluated through the DevTools protocol, not as a <script>: the console's CSP (no inline scripts) stays on.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeRuns.push({page: name, url: page.url(), violations: result, serious: serious.length});
  assert.deepEqual(serious, [], `axe-core: serious or critical violations on ${name}`);
  return result;
}

// At 390×844 the page does not scroll sideways; then back to the desktop size.
export async function checkPhoneWidth(page, name) {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await screenshot(page, `${name}-390x844`, {fullPage: true});
  axeRuns.push({page: `${name} at 390×844`, url: page.url(), scrollWidth: width});
  await checkAxe(page, `${name} at 390×844`);
  await page.setViewportSize(DESKTOP);
  assert.ok(width <= 390, `${name}: document.documentElement.scrollWidth is ${width} at 390 px`);
}

export async function screenshot(page, name, {fullPage = false} = {}) {
  const file = path.join(OUTPUT, 'screenshots', `${name}.png`);
  await page.screenshot({path: file, fullPage});
  return file;
}

export function writeReports() {
  fs.writeFileSync(path.join(OUTPUT, 'axe-report.json'), JSON.stringify(axeRuns, null, 2));
  const runs = axeRuns.filter((r) => r.violations);
  const minor = runs.reduce((n, r) => n + r.violations.length, 0);
  return `axe-core: ${runs.length} runs, ${runs.reduce((n, r) => n + r.serious, 0)} serious or critical, ` +
    `${minor} violations of any impact`;
}

// An RPC from inside the page with its session (the test's view of what the API says, to compare with the UI).
export async function api(page, service, method, body = {}) {
  return page.evaluate(async ({service, method, body}) => {
    const session = await (await fetch('/api/v1/session')).json();
    const response = await fetch(`/api/v1/${service}/${method}`, {method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken}, body: JSON.stringify(body)});
    const data = await response.json();
    if (!response.ok) throw new Error(`${method}: ${response.status} ${JSON.stringify(data)}`);
    return data;
  }, {service, method, body});
}

// A small PDF of about `kib` KiB (big enough for upload progress events).
export function pdf(title, kib = 256) {
  const head = `%PDF-1.4\n% tdkt browser test: ${title}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n';
  const filler = `%${'x'.repeat(78)}\n`.repeat(Math.ceil((kib * 1024) / 80));
  return Buffer.from(`${head}${filler}trailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}
