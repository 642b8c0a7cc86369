// The web console, end to end in Chromium against the real gateway and services (run_console_e2e.sh starts
// them): a Bằng khen của Chủ tịch UBND tỉnh proposed by Trường Tiểu học Đồng Tân goes the whole 3-level chain.
//   the school's submitter creates it, uploads documents (with the progress bar), sees what is still missing
//   and the service's refusal while a required kind is missing, completes it and submits; the school's standing
//   body and council pass it; Đồng Tân's appraiser returns it with a reason; the submitter sees the notification
//   arrive without reloading, supplements and resubmits; Đồng Tân's council votes (secret ballot); the province
//   council votes; the province chairman decides; the public status page (no login) shows it decided.
// On the way: axe-core on every page (0 serious or critical violations), the phone width (390×844) of the login,
// inbox and dossier pages, the action buttons equal to GetDossier's allowed_actions, no CSP violation or script
// error in any page, screenshots (inbox, dossier timeline, vote, public status, dashboard, report) in the output
// folder. The province report counts the decision and its CSV download is UTF-8 with a BOM and CRLF lines.
// Then the dossier's official documents (the commune's tờ trình, the commune council's minutes, the decision) are
// opened from the dossier page, checked, and printed to PDF (documents/*.pdf): A4, the decree's margins, the
// national motto on page 1, nothing of the console. The demo's emulation bloc: its last member signs the pledge
// (then it is frozen), the members score each other through the form (a score above the maximum is refused by the
// browser), the head's close before every member was scored is refused in the service's words, then the head
// closes and the ranking proposes the leader. Last, the province's administrator sees the banner of a calendar year
// not yet stored.
// The people are the demo's (data/demo/README.md, tools/tdktctl/demo_scenario_plan.h).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {BASE, OUTPUT, api, checkAxe, checkPhoneWidth, consoleProblems, launch, login, openPage, pdf, screenshot,
  writeReports} from './browser_support.mjs';
import {MM, pdfInfo, pdfText, printToPdf, textBox} from './pdf_support.mjs';
import {yearsWithoutArrangement} from '../../web/assets/js/calendar_alarm.js';

// The actions that have a button on the dossier page (web/assets/js/pages/actions.js); documents have a form.
const BUTTON_ACTIONS = new Set(['DOSSIER_ACTION_SUBMIT', 'DOSSIER_ACTION_ACCEPT', 'DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT',
  'DOSSIER_ACTION_RESUBMIT', 'DOSSIER_ACTION_SEND_TO_COUNCIL', 'DOSSIER_ACTION_OPEN_VOTE', 'DOSSIER_ACTION_CAST_VOTE',
  'DOSSIER_ACTION_CLOSE_VOTE', 'DOSSIER_ACTION_FORWARD', 'DOSSIER_ACTION_DECIDE',
  'DOSSIER_ACTION_RECORD_EXTERNAL_OUTCOME', 'DOSSIER_ACTION_PUBLISH', 'DOSSIER_ACTION_REJECT',
  'DOSSIER_ACTION_WITHDRAW', 'DOSSIER_ACTION_FILE_COMPLAINT']);

const NOMINEE = 'Bùi Thị Kiểm Thử'.normalize('NFC');

// Shows the dossier as the server has it now: a page already on it is rendered again (going to the same URL
// fires no hashchange), and the wait is for the new rendering.
async function openDossier(page, id) {
  await page.evaluate(() => document.querySelectorAll('article.dossier').forEach((a) => { a.dataset.old = '1'; }));
  const url = `${BASE}/#/dossiers/${encodeURIComponent(id)}`;
  if (page.url() === url) await page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  else await page.goto(url);
  await page.locator('article.dossier:not([data-old])').waitFor();
}

// The dossier page's buttons are exactly the actions GetDossier allows this person now.
async function expectButtonsMatchApi(page, id) {
  const response = await api(page, 'dossier', 'GetDossier', {dossierId: id});
  const allowed = (response.allowedActions || []).filter((a) => BUTTON_ACTIONS.has(a)).sort();
  const shown = (await page.locator('.actions button[data-action]').evaluateAll((nodes) =>
    nodes.map((n) => n.dataset.action))).sort();
  assert.deepEqual(shown, allowed, `${page.who}: the buttons differ from allowed_actions`);
  return response;
}

async function stateOf(page) {
  return page.locator('article.dossier').getAttribute('data-state');
}

// Clicks the action's button, lets `fill` fill the dialog, submits and waits until the page shows the dossier's
// next version.
async function act(page, id, action, fill = async () => {}) {
  await openDossier(page, id);
  await expectButtonsMatchApi(page, id);
  const before = await page.locator('article.dossier').getAttribute('data-version');
  await page.locator(`.actions button[data-action="${action}"]`).click();
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await fill(dialog);
  await dialog.locator('button[type="submit"]').click();
  await page.waitForFunction((v) => !document.querySelector('dialog[open]') &&
    document.querySelector('article.dossier')?.dataset.version !== v, before, {timeout: 20000});
  return stateOf(page);
}

async function upload(page, kind, fileName, bytes) {
  const form = page.locator('form.upload-form');
  await form.getByLabel('Loại tài liệu').selectOption(kind);
  await form.getByLabel('Tệp').setInputFiles({name: fileName, mimeType: 'application/pdf', buffer: bytes});
  await page.evaluate(() => {
    window.__progress = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) if (r.target.matches('progress.upload-progress')) window.__progress.push(r.target.value);
    });
    observer.observe(document.body, {subtree: true, attributes: true, attributeFilter: ['value', 'hidden']});
  });
  await form.getByRole('button', {name: 'Tải lên'}).click();
  await page.locator('.documents .file-name', {hasText: fileName}).waitFor({timeout: 20000});
  const progress = await page.evaluate(() => window.__progress);
  assert.ok(progress.includes(100), `the progress bar did not reach 100% for ${fileName}: ${progress}`);
}

async function missingKinds(page) {
  const box = page.locator('[data-testid="missing-kinds"]');
  return (await box.count()) ? (await box.innerText()).trim() : '';
}

async function unreadOnBell(page) {
  const text = (await page.locator('#bell [data-testid="unread-count"]').textContent()) || '';
  return Number(text.trim() || 0);
}

// "ngày 05 tháng 02 năm 2024" for a day (YYYY-MM-DD) or a Timestamp's day in Vietnam: Decree 30/2020 writes a
// day below 10 and the months 1 and 2 with a leading zero.
function officialDate(dayOrTimestamp) {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(dayOrTimestamp) ? dayOrTimestamp :
    new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Ho_Chi_Minh'}).format(new Date(dayOrTimestamp));
  const [year, month, day] = iso.split('-').map(Number);
  return `ngày ${String(day).padStart(2, '0')} tháng ${month < 3 ? `0${month}` : month} năm ${year}`;
}

const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

// Follows the dossier page's link `linkName` to an official document and returns the document's text.
async function openDocument(page, id, linkName, kind) {
  await openDossier(page, id);
  await page.locator('.print-links').getByRole('link', {name: linkName}).click();
  await page.locator(`article.official[data-document="${kind}"]`).waitFor();
  assert.equal(await page.locator('h1').innerText(), {'to-trinh': 'TỜ TRÌNH', 'bien-ban': 'BIÊN BẢN',
    'quyet-dinh': 'QUYẾT ĐỊNH'}[kind]);
  const text = (await page.locator('article.official').innerText()).normalize('NFC');
  assert.ok(text.includes(NATION) && text.includes(MOTTO), `${kind}: no national motto`);
  return text;
}

// The document passes axe-core, its print button calls the browser's printing, and page.pdf prints it on A4 with
// the decree's margins, the motto on page 1, everything in `expected` in the text and nothing of the console.
async function checkPrinted(page, name, expected) {
  await checkAxe(page, `document ${name}`);
  await screenshot(page, `document-${name}`, {fullPage: true});
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await page.getByRole('button', {name: 'In văn bản'}).click();
  assert.equal(await page.evaluate(() => window.__printed), 1, `${name}: "In văn bản" did not print`);
  const file = await printToPdf(page, name);
  const info = pdfInfo(file);
  assert.ok(Math.abs(info.width - 595) <= 1 && Math.abs(info.height - 842) <= 1,
    `${name}: the PDF page is ${info.width} x ${info.height} pts, not A4 (595 x 842)`);
  const first = pdfText(file, 1);
  assert.ok(first.includes(NATION) && first.includes(MOTTO), `${name}: page 1 of the PDF has no national motto`);
  const all = pdfText(file);
  for (const text of expected) assert.ok(all.includes(text), `${name}: the PDF lacks "${text}"`);
  for (const chrome of ['Đăng xuất', 'Hồ sơ cần xử lý', 'In văn bản', 'hệ thống quản lý hồ sơ']) {
    assert.ok(!all.includes(chrome), `${name}: the console's "${chrome}" is printed`);
  }
  // Left 30 mm, right 15 mm, top 20 mm (pdftotext's boxes stand a little off the glyphs: 1.5 mm of slack).
  const box = textBox(file, 1);
  assert.ok(box.left >= 28.5 * MM && box.left <= 40 * MM, `${name}: left margin ${(box.left / MM).toFixed(1)} mm`);
  assert.ok(info.width - box.right >= 13.5 * MM,
    `${name}: right margin ${((info.width - box.right) / MM).toFixed(1)} mm`);
  assert.ok(box.top >= 18.5 * MM, `${name}: top margin ${(box.top / MM).toFixed(1)} mm`);
  return {file, info};
}

async function vote(page, id, choiceLabel) {
  return act(page, id, 'DOSSIER_ACTION_CAST_VOTE', async (dialog) => {
    await dialog.getByLabel(choiceLabel, {exact: true}).check();
  });
}

// The demo's emulation bloc (tools/tdktctl/demo_scenario_plan.h).
const BLOC = 'Khối thi đua các đơn vị sự nghiệp xã Đồng Tân';

async function blocState(page) {
  return page.locator('.bloc [data-testid="bloc-state"]').getAttribute('data-state');
}

// Runs `act` and waits until the bloc's page shows a new `what` ('version' or 'scorings') of the bloc.
async function blocChange(page, what, act) {
  const body = page.locator('.bloc');
  await body.waitFor();
  const before = await body.getAttribute(`data-${what}`);
  await act();
  await page.waitForFunction(([w, v]) => !document.querySelector('dialog[open]') &&
    document.querySelector('.bloc')?.dataset[w] !== v, [what, before], {timeout: 20000});
}

// The page's member scores `scoredId` `points` on every criterion of the pledge.
async function score(page, scoredId, points) {
  const form = page.locator('form.bloc-scoring');
  await form.getByLabel('Đơn vị được chấm').selectOption(scoredId);
  for (const input of await form.locator('input[type="number"]').all()) await input.fill(String(points));
  await blocChange(page, 'scorings', () => form.getByRole('button', {name: 'Gửi điểm'}).click());
}

test('the console takes a dossier from the school to the province chairman\'s decision', async (t) => {
  const browser = await launch();
  const pages = {};
  const as = async (username) => {
    if (!pages[username]) {
      pages[username] = await openPage(browser, username);
      await login(pages[username], username);
    }
    return pages[username];
  };
  t.after(async () => {
    console.log(writeReports());
    await browser.close();
  });
  let id = '';
  let trackingCode = '';
  // Each step needs the ones before it: after a failure the rest report that instead of timing out.
  let failed = '';
  const step = (name, body) => t.test(name, async () => {
    if (failed) throw new Error(`not run: the step "${failed}" failed`);
    try {
      await body();
    } catch (error) {
      failed = name;
      throw error;
    }
  });

  await step('public pages work without a session, under the CSP', async () => {
    const page = await openPage(browser, 'anonymous');
    const response = await page.goto(`${BASE}/tra-cuu`);
    const csp = response.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await page.getByRole('heading', {level: 1, name: 'Tra cứu hồ sơ'}).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await checkAxe(page, 'public status (empty)');
    await page.goto(`${BASE}/#/login`);
    await page.getByRole('heading', {level: 1, name: 'Đăng nhập'}).waitFor();
    await checkAxe(page, 'login');
    await screenshot(page, 'login');
    await checkPhoneWidth(page, 'login');
    // By keyboard alone: the page's heading has the focus, Tab goes to the fields in order, Enter submits.
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'username');
    await page.keyboard.type('vt.dongtan.thdt');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'password');
    await page.keyboard.type('sai-mat-khau-roi');
    await page.keyboard.press('Enter');
    const error = page.locator('.login-form [role="alert"]');
    await error.waitFor();
    assert.match(await error.innerText(), /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỷỹđ]/i,
      'the login error is not in Vietnamese');
    await page.context().close();
  });

  await step('the school\'s submitter creates the dossier, uploads, sees what is missing and submits', async () => {
    const page = await as('vt.dongtan.thdt');
    await checkAxe(page, 'inbox (submitter)');
    await screenshot(page, 'inbox');
    await checkPhoneWidth(page, 'inbox');
    await page.getByRole('link', {name: 'Lập hồ sơ mới'}).click();
    await page.getByRole('heading', {level: 1, name: 'Lập hồ sơ đề nghị khen thưởng'}).waitFor();
    await page.getByLabel('Danh hiệu / hình thức').selectOption('BANG_KHEN_TINH');
    await page.getByLabel('Họ tên / tên tập thể').fill(NOMINEE);
    await page.getByLabel('Chức vụ').fill('Giáo viên chủ nhiệm');
    await page.getByLabel('Số định danh cá nhân (12 chữ số)').fill('025095009001');
    await page.getByLabel('Năm sinh').fill('1995');
    await page.getByLabel('Giới tính').selectOption('GENDER_FEMALE');
    await checkAxe(page, 'new dossier');
    await page.getByRole('button', {name: 'Tạo hồ sơ nháp'}).click();
    await page.waitForURL(/#\/dossiers\//);
    await page.locator('article.dossier').waitFor();
    id = decodeURIComponent(new URL(page.url()).hash.replace('#/dossiers/', ''));
    assert.equal(await stateOf(page), 'DOSSIER_STATE_DRAFT');
    trackingCode = (await page.locator('h1').innerText()).replace('Hồ sơ', '').trim();
    assert.ok(trackingCode.length >= 10, `no tracking code in the heading: ${trackingCode}`);
    assert.match(await missingKinds(page), /Tờ trình.*Báo cáo thành tích.*Biên bản xét/);

    const toTrinh = pdf('to trinh', 768);
    await upload(page, 'TO_TRINH', 'Tờ trình đề nghị khen thưởng.pdf', toTrinh);
    await upload(page, 'BAO_CAO_THANH_TICH', 'Báo cáo thành tích cá nhân.pdf', pdf('bao cao', 512));
    assert.equal(await missingKinds(page), 'Còn thiếu: Biên bản xét');

    // Submitting now: the dialog says what is missing, and the service's Vietnamese refusal is shown.
    await page.locator('.actions button[data-action="DOSSIER_ACTION_SUBMIT"]').click();
    const dialog = page.locator('dialog[open]');
    assert.match(await dialog.locator('[role="alert"]').first().innerText(), /còn thiếu tài liệu bắt buộc: Biên bản xét/);
    await dialog.locator('button[type="submit"]').click();
    const refusal = dialog.locator('.dialog__error [role="alert"]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /thiếu tài liệu/);
    await dialog.getByRole('button', {name: 'Huỷ'}).click();

    // The download gives back the bytes uploaded.
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.locator('.documents li', {hasText: 'Tờ trình đề nghị'}).getByRole('link', {name: /Tải về/}).click()]);
    assert.ok(fs.readFileSync(await download.path()).equals(toTrinh), 'the downloaded document differs');
    assert.equal(download.suggestedFilename().normalize('NFC'), 'Tờ trình đề nghị khen thưởng.pdf');
    // "Xem" opens the document in a new tab.
    const [viewer] = await Promise.all([page.context().waitForEvent('page'),
      page.locator('.documents li', {hasText: 'Tờ trình đề nghị'}).getByRole('button', {name: /Xem/}).click()]);
    assert.match(viewer.url(), /^blob:/);
    await viewer.close();

    await upload(page, 'BIEN_BAN_XET', 'Biên bản họp xét thi đua.pdf', pdf('bien ban', 256));
    assert.equal(await missingKinds(page), '');
    assert.equal(await act(page, id, 'DOSSIER_ACTION_SUBMIT'), 'DOSSIER_STATE_SUBMITTED');
    await checkAxe(page, 'dossier (submitted)');
    await checkPhoneWidth(page, 'dossier');
  });

  await step('the school\'s standing body and council pass it to the commune', async () => {
    const appraiser = await as('pht.dongtan.thdt');
    await appraiser.locator(`tr[data-dossier-id="${id}"]`).waitFor();
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_ACCEPT'), 'DOSSIER_STATE_UNDER_REVIEW');
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_SEND_TO_COUNCIL', async (d) => {
      await d.getByLabel('Tóm tắt kết quả thẩm định').fill('Hồ sơ đủ điều kiện, đề nghị Hội đồng trường xét.');
    }), 'DOSSIER_STATE_COUNCIL_VOTING');
    const chair = await as('ht.dongtan.thdt');
    await act(chair, id, 'DOSSIER_ACTION_OPEN_VOTE');
    for (const voter of ['ht.dongtan.thdt', 'pht.dongtan.thdt', 'cd.dongtan.thdt']) {
      await vote(await as(voter), id, 'Đồng ý');
    }
    assert.equal(await act(chair, id, 'DOSSIER_ACTION_CLOSE_VOTE'), 'DOSSIER_STATE_SUBMITTED');
    assert.match(await chair.locator('.votes').innerText(), /Thông qua/);
  });

  await step('the commune returns it; the submitter sees the notification live and resubmits', async () => {
    const submitter = await as('vt.dongtan.thdt');
    await openDossier(submitter, id);
    await submitter.evaluate(() => { window.__noReload = true; });
    const unreadBefore = await unreadOnBell(submitter);

    const appraiser = await as('vp.dongtan');
    await appraiser.locator(`tr[data-dossier-id="${id}"]`).waitFor();
    await checkAxe(appraiser, 'inbox (commune appraiser)');
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_ACCEPT'), 'DOSSIER_STATE_UNDER_REVIEW');
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT', async (d) => {
      await d.getByLabel('Lý do trả lại (bắt buộc)').fill('Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị.');
      await d.getByLabel('Báo cáo thành tích').check();
    }), 'DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT');

    // Without any reload: the bell counts one more, a toast says so, the open dossier page shows the return.
    await submitter.waitForFunction((n) => Number(document.querySelector('#bell [data-testid="unread-count"]')
      ?.textContent || 0) > n, unreadBefore, {timeout: 30000});
    await submitter.locator('.toast', {hasText: 'Thông báo mới'}).first().waitFor();
    await submitter.locator('article.dossier[data-state="DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT"]').waitFor();
    assert.equal(await submitter.evaluate(() => window.__noReload), true, 'the page was reloaded');
    assert.match(await submitter.locator('.alert--warning', {hasText: 'Lý do trả lại'}).first().innerText(),
      /chưa có xác nhận của Thủ trưởng/);

    await submitter.getByRole('link', {name: /Thông báo/}).first().click();
    await submitter.getByRole('heading', {level: 1, name: 'Thông báo'}).waitFor();
    const item = submitter.locator('.notification--unread', {hasText: trackingCode}).first();
    await item.waitFor();
    await checkAxe(submitter, 'notifications');
    const unreadNow = await unreadOnBell(submitter);
    await item.getByRole('button', {name: /Đánh dấu đã đọc/}).click();
    await submitter.waitForFunction((n) => Number(document.querySelector('#bell [data-testid="unread-count"]')
      ?.textContent || 0) === n - 1, unreadNow);

    await submitter.getByRole('link', {name: 'Hồ sơ cần xử lý'}).click();
    const row = submitter.locator(`tr[data-dossier-id="${id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.flag--returned').innerText(), 'Trả bổ sung');
    await screenshot(submitter, 'inbox-returned');
    // Sortable: by tracking code, up then down.
    const codes = () => submitter.locator('.inbox-table tbody a.code').allInnerTexts();
    const byCode = submitter.locator('.inbox-table th', {hasText: 'Mã hồ sơ'});
    await byCode.getByRole('button').click();
    assert.equal(await byCode.getAttribute('aria-sort'), 'ascending');
    const up = await codes();
    assert.ok(up.length >= 2, 'too few rows to see the order');
    assert.deepEqual(up, [...up].sort((a, b) => a.localeCompare(b, 'vi', {numeric: true, sensitivity: 'base'})));
    await byCode.getByRole('button').click();
    assert.equal(await byCode.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await codes(), [...up].reverse());

    await openDossier(submitter, id);
    await upload(submitter, 'BAO_CAO_THANH_TICH', 'Báo cáo thành tích (có xác nhận).pdf', pdf('bao cao 2', 300));
    assert.equal(await act(submitter, id, 'DOSSIER_ACTION_RESUBMIT', async (d) => {
      await d.getByLabel('Nội dung đã bổ sung (không bắt buộc)').fill('Đã bổ sung báo cáo có xác nhận.');
    }), 'DOSSIER_STATE_UNDER_REVIEW');
    assert.match(await submitter.locator('.pauses').innerText(), /cấp xã: từ .* đến /);
  });

  await step('the commune council votes by secret ballot and the dossier goes to the province', async () => {
    const appraiser = await as('vp.dongtan');
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_SEND_TO_COUNCIL'), 'DOSSIER_STATE_COUNCIL_VOTING');
    const chair = await as('ct.dongtan');
    await act(chair, id, 'DOSSIER_ACTION_OPEN_VOTE');
    await vote(chair, id, 'Đồng ý');

    const member = await as('uv.dongtan');
    const row = member.locator(`tr[data-dossier-id="${id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.flag--voting').innerText(), 'Đang biểu quyết');
    await openDossier(member, id);
    await member.locator('.actions button[data-action="DOSSIER_ACTION_CAST_VOTE"]').click();
    await member.locator('dialog[open]').waitFor();
    await checkAxe(member, 'vote dialog');
    await screenshot(member, 'vote');
    assert.equal(await member.evaluate(() => document.activeElement.closest('dialog') !== null), true,
      'the focus is not inside the dialog');
    await member.keyboard.press('Escape');
    await member.locator('dialog[open]').waitFor({state: 'detached'});
    await vote(member, id, 'Không đồng ý');
    // Nothing on the page tells how anyone voted, the member's own ballot included.
    assert.doesNotMatch(await member.locator('main').innerText(), /Không đồng ý|Đồng ý/);
    await vote(await as('ct.donglien'), id, 'Đồng ý');

    await openDossier(chair, id);
    const open = await chair.locator('.vote--open').innerText();
    assert.match(open, /3\/3 thành viên/);
    assert.doesNotMatch(open, /Không đồng ý|đồng ý,/, 'an open ballot shows choices or counts');
    assert.equal(await act(chair, id, 'DOSSIER_ACTION_CLOSE_VOTE'), 'DOSSIER_STATE_SUBMITTED');
    assert.match(await chair.locator('.vote').last().innerText(), /2 đồng ý, 1 không đồng ý, 0 không biểu quyết/);
  });

  await step('the province council votes and the chairman decides', async () => {
    const appraiser = await as('nv.tinh');
    await appraiser.locator(`tr[data-dossier-id="${id}"]`).waitFor();
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_ACCEPT'), 'DOSSIER_STATE_UNDER_REVIEW');
    assert.equal(await act(appraiser, id, 'DOSSIER_ACTION_SEND_TO_COUNCIL'), 'DOSSIER_STATE_COUNCIL_VOTING');
    const chairman = await as('ct.tinh');
    await act(chairman, id, 'DOSSIER_ACTION_OPEN_VOTE');
    for (const voter of ['ct.tinh', 'nv.tinh', 'uv.tinh']) await vote(await as(voter), id, 'Đồng ý');
    assert.equal(await act(chairman, id, 'DOSSIER_ACTION_CLOSE_VOTE'), 'DOSSIER_STATE_AWAITING_DECISION');
    assert.equal(await act(chairman, id, 'DOSSIER_ACTION_DECIDE', async (d) => {
      await d.getByLabel('Số quyết định').fill('2468/QĐ-UBND');
      await d.getByLabel('Chức danh người ký').fill('Chủ tịch UBND tỉnh');
    }), 'DOSSIER_STATE_DECIDED');
    const history = await chairman.locator('.timeline').innerText();
    for (const expected of [/Trả lại để bổ sung/, /Lê Thị Nga, cán bộ thẩm định — UBND xã Đồng Tân/,
      /Quyết định khen thưởng/, /Nguyễn Văn Khải/]) {
      assert.match(history, expected);
    }
    assert.match(await chairman.locator('#sec-decision + dl').innerText(), /2468\/QĐ-UBND/);
    await checkAxe(chairman, 'dossier (decided)');
    await screenshot(chairman, 'dossier-timeline', {fullPage: true});

  });

  await step('the tờ trình, the minutes and the decision print on A4 in the form of Decree 30/2020', async () => {
    const chairman = await as('ct.tinh');
    const {dossier, history, votes} = await api(chairman, 'dossier', 'GetDossier', {dossierId: id});
    await openDossier(chairman, id);
    const links = await chairman.locator('.print-links a').allInnerTexts();
    assert.deepEqual(links.map((l) => l.replace(/,.*\)$/, ')')), ['In tờ trình (cấp cơ sở)', 'In tờ trình (cấp xã)',
      'In biên bản (cấp cơ sở)', 'In biên bản (cấp xã)', 'In biên bản (cấp tỉnh)', 'In quyết định']);

    // The commune's letter to the province, with the nominee among the dossiers it sent up.
    const up = history.findLastIndex((h) => h.action === 'DOSSIER_ACTION_CLOSE_VOTE' &&
      h.toState === 'DOSSIER_STATE_SUBMITTED');
    const letter = await openDocument(chairman, id, 'In tờ trình (cấp xã)', 'to-trinh');
    const letterDate = `Đồng Tân, ${officialDate(history[up].occurredAt)}`;
    for (const expected of [/ỦY BAN NHÂN DÂN\s+XÃ ĐỒNG TÂN/, /Số:\s*\/TTr-UBND/,
      /Kính gửi: Ủy ban nhân dân tỉnh Phú Thọ/, /đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm \d{4}/,
      /TM\. ỦY BAN NHÂN DÂN\s+CHỦ TỊCH\s+Nguyễn Văn Bình/]) {
      assert.match(letter, expected);
    }
    assert.ok(letter.includes(letterDate), `the letter is not dated "${letterDate}"`);
    // The list: exactly the commune's dossiers of that award and year now above the commune, the nominee's row
    // with the school that proposed it.
    const ofCommune = await api(chairman, 'dossier', 'SearchDossiers', {orgSubtreeId: history[up - 1].orgId,
      awardCode: dossier.awardCode, year: dossier.year, page: {pageSize: 200}});
    const above = (ofCommune.dossiers || []).filter((d) => d.currentLevel === 'ORG_LEVEL_PROVINCE').map((d) => d.id);
    const listed = await chairman.locator('.official__list tbody tr').evaluateAll((rows) =>
      rows.map((r) => r.dataset.dossierId));
    assert.deepEqual([...listed].sort(), [...above].sort(), 'the letter lists other dossiers than the commune sent up');
    assert.match(await chairman.locator('.official__list tr', {hasText: NOMINEE}).innerText(),
      /Giáo viên chủ nhiệm\s+Trường Tiểu học Đồng Tân/);
    await checkPrinted(chairman, 'to-trinh-xa', [letterDate, NOMINEE, 'TỜ TRÌNH']);

    // The minutes of the commune council's secret ballot: who took part and the counts, never anyone's choice.
    const commune = votes.findIndex((v) => v.level === 'ORG_LEVEL_COMMUNE' && v.status === 'VOTE_STATUS_CLOSED');
    const minutes = await openDocument(chairman, id, /^In biên bản \(cấp xã/, 'bien-ban');
    assert.equal(new URL(chairman.url()).hash, `#/dossiers/${encodeURIComponent(id)}/bien-ban/${commune + 1}`);
    for (const expected of [/UBND XÃ ĐỒNG TÂN\s+HỘI ĐỒNG\s+THI ĐUA – KHEN THƯỞNG/, /Số:\s*\/BB-HĐTĐKT/,
      /Họp Hội đồng Thi đua – Khen thưởng xã Đồng Tân xét/,
      /có quyền biểu quyết: 3 người; tham gia bỏ phiếu: 3 người/, /Số phiếu đồng ý: 2;/, /Số phiếu không đồng ý: 1;/,
      /Số phiếu không biểu quyết: 0\./, /Kết quả: Thông qua\./, /Chủ trì: Nguyễn Văn Bình/, /Thư ký: Lê Thị Nga/]) {
      assert.match(minutes, expected);
    }
    assert.ok(minutes.includes(`Đồng Tân, ${officialDate(votes[commune].closedAt)}`), 'the minutes are not dated');
    const roster = await chairman.locator('.official__participants').innerText();
    for (const member of ['Nguyễn Văn Bình', 'Trần Văn Tâm', 'Phùng Văn Liên']) {
      assert.match(roster, new RegExp(member));
    }
    assert.doesNotMatch(roster, /đồng ý|không biểu quyết|phiếu trắng/i, 'the minutes tell how a member voted');
    await checkPrinted(chairman, 'bien-ban-xa', ['Số phiếu đồng ý: 2;', 'Số phiếu không đồng ý: 1;', 'BIÊN BẢN']);

    // The decision and its awardees.
    const decision = await openDocument(chairman, id, 'In quyết định', 'quyet-dinh');
    const signed = dossier.decision.date;
    const decisionDate = `Phú Thọ, ${officialDate([signed.year, signed.month, signed.day]
      .map((n) => String(n).padStart(2, '0')).join('-'))}`;
    for (const expected of [/ỦY BAN NHÂN DÂN\s+TỈNH PHÚ THỌ/, /Số: 2468\/QĐ-UBND/,
      /Về việc tặng Bằng khen của Chủ tịch UBND tỉnh/, /CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ/,
      /Căn cứ Luật Thi đua, khen thưởng số 06\/2022\/QH15/,
      /Xét đề nghị của Hội đồng Thi đua – Khen thưởng tỉnh Phú Thọ/,
      /Nơi nhận:/, /CHỦ TỊCH\s+Nguyễn Văn Khải/, /Kèm theo Quyết định số 2468\/QĐ-UBND/]) {
      assert.match(decision, expected);
    }
    assert.ok(decision.includes(decisionDate), `the decision is not dated "${decisionDate}"`);
    assert.match(await chairman.locator('.official__list').first().innerText(), new RegExp(NOMINEE));
    const printed = await checkPrinted(chairman, 'quyet-dinh', ['Số: 2468/QĐ-UBND', decisionDate, NOMINEE]);
    // The list of awardees is the annex: it starts page 2.
    assert.ok(printed.info.pages >= 2 && pdfText(printed.file, 2).includes(NOMINEE), 'the awardees are not on page 2');
  });

  await step('the public status page shows it decided, with nothing personal', async () => {
    const page = await openPage(browser, 'public');
    await page.goto(`${BASE}/tra-cuu`);
    await page.getByLabel('Mã hồ sơ').fill(trackingCode.toLowerCase());
    await page.getByRole('button', {name: 'Tra cứu'}).click();
    const result = page.locator('[data-testid="public-status"]');
    await result.waitFor();
    const text = await result.innerText();
    assert.match(text, /Đã có quyết định/);
    assert.match(text, /cấp tỉnh/);
    assert.match(text, /UBND tỉnh Phú Thọ/);
    assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(`${NOMINEE}|025095009001|Nguyễn Văn Khải`));
    await checkAxe(page, 'public status (decided)');
    await screenshot(page, 'public-status');
    await page.context().close();
  });

  await step('the province dashboard counts it and charts the weeks', async () => {
    const chairman = await as('ct.tinh');
    await chairman.getByRole('link', {name: 'Thống kê'}).click();
    await chairman.getByRole('heading', {level: 1, name: 'Thống kê'}).waitFor();
    const refused = chairman.locator('.dashboard [role="alert"]');
    await Promise.race([chairman.locator('svg.chart').waitFor(), refused.waitFor()]);
    if (await refused.count()) throw new Error(`GetDossierStatistics: ${await refused.innerText()}`);
    const bars = await chairman.locator('svg.chart rect.chart__bar--submitted').evaluateAll((nodes) =>
      nodes.map((n) => Number(n.getAttribute('height'))));
    assert.ok(bars.length >= 12 && bars.some((h) => h > 0), `the weekly chart has no submitted bar: ${bars}`);
    assert.match(await chairman.locator('.counts-table').innerText(), /Đã có quyết định/);
    await checkAxe(chairman, 'dashboard');
    await screenshot(chairman, 'dashboard', {fullPage: true});
  });

  await step('the province report counts the decided award, charts the appraisal times and downloads as CSV', async () => {
    const chairman = await as('ct.tinh');
    await chairman.getByRole('link', {name: 'Báo cáo'}).click();
    await chairman.getByRole('heading', {level: 1, name: 'Báo cáo thi đua, khen thưởng'}).waitFor();
    const decided = chairman.locator('.report .kpi').filter({hasText: 'Khen thưởng đã quyết định'})
      .locator('.kpi__value');
    const refused = chairman.locator('.report [role="alert"]');
    // The read model follows the event stream: a moment after the decision it counts it.
    for (let i = 0; i < 20; i++) {
      await Promise.race([decided.waitFor(), refused.waitFor()]);
      if (await refused.count()) throw new Error(`GetReport: ${await refused.innerText()}`);
      if (Number(await decided.innerText()) >= 1) break;
      await chairman.waitForTimeout(500);
      await chairman.getByRole('button', {name: 'Xem báo cáo'}).click();
    }
    assert.ok(Number(await decided.innerText()) >= 1, 'the report does not count the decided award');
    const bars = await chairman.locator('svg.chart rect.chart__bar--average').count();
    assert.ok(bars >= 1, 'no appraisal time bar');
    assert.match(await chairman.locator('.report .counts-table').innerText(), /Đã có quyết định/);
    const href = await chairman.locator('[data-testid="report-csv"]').getAttribute('href');
    const csv = await chairman.request.get(`${BASE}${href}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(csv.headers()['content-disposition'], /bao-cao-/);
    const bytes = await csv.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV has no UTF-8 byte order mark');
    const text = bytes.subarray(3).toString('utf8');
    assert.match(text, /^Nhóm,Cấp,Trạng thái,Danh hiệu \/ hình thức,Chỉ tiêu,Giá trị\r\n/);
    assert.doesNotMatch(text.replaceAll('\r\n', ''), /\n/, 'a CSV line ends without CR');
    await checkAxe(chairman, 'report');
    await screenshot(chairman, 'report', {fullPage: true});
  });

  await step('an emulation bloc: the last member signs the pledge, the members score each other, the head closes', async () => {
    // The demo's bloc (tools/tdktctl/demo_scenario_plan.h): Đồng Tân's school, health station and kindergarten, the
    // school its head, every member but the kindergarten signed.
    const kindergarten = await as('ht.donglien.mn');
    const ids = {};
    for (const code of ['PT-DONGTAN-THDT', 'PT-DONGTAN-TYT', 'PT-DONGLIEN-MN']) {
      ids[code] = (await api(kindergarten, 'directory', 'GetOrganization', {code})).organization.id;
    }
    await kindergarten.getByRole('link', {name: 'Khối thi đua'}).click();
    await kindergarten.getByRole('heading', {level: 1, name: 'Khối thi đua'}).waitFor();
    const link = kindergarten.locator('.blocs a', {hasText: BLOC});
    const refused = kindergarten.locator('.blocs [role="alert"]');
    await Promise.race([link.waitFor(), refused.waitFor()]);
    if (await refused.count()) throw new Error(`ListBlocs: ${await refused.innerText()}`);
    await checkAxe(kindergarten, 'blocs');
    await link.click();
    await kindergarten.getByRole('heading', {level: 1, name: BLOC}).waitFor();
    assert.equal(await blocState(kindergarten), 'BLOC_STATE_OPEN');
    const weights = await kindergarten.locator('.bloc-pledge tbody tr td.num:nth-of-type(2)').allInnerTexts();
    assert.equal(weights.map(Number).reduce((a, b) => a + b, 0), 100, `the pledge's weights: ${weights}`);
    // One sign button: the kindergarten's own row, the only member unsigned and the only one its head acts for.
    const sign = kindergarten.locator('.bloc-members button[data-action="sign"]');
    assert.equal(await sign.count(), 1);
    assert.equal(await kindergarten.locator(`.bloc-members tr[data-org="${ids['PT-DONGLIEN-MN']}"] button`).count(), 1);
    await blocChange(kindergarten, 'version', async () => {
      await sign.click();
      await kindergarten.locator('dialog[open] button[type="submit"]').click();
    });
    assert.equal(await blocState(kindergarten), 'BLOC_STATE_PLEDGED');
    assert.equal(await kindergarten.locator('[data-action="close"]').count(), 0, 'a close button for a member');
    // The browser refuses a score above the criterion's maximum before anything is sent.
    const form = kindergarten.locator('form.bloc-scoring');
    await form.locator('input[name="score-NHIEM-VU"]').fill('11');
    await form.getByRole('button', {name: 'Gửi điểm'}).click();
    assert.equal(await form.locator('input[name="score-NHIEM-VU"]').evaluate((n) => n.validity.rangeOverflow), true);
    assert.equal(await kindergarten.locator('.bloc').getAttribute('data-scorings'), '0');
    await score(kindergarten, ids['PT-DONGTAN-THDT'], 9);
    await score(kindergarten, ids['PT-DONGTAN-TYT'], 7);
    assert.match(await kindergarten.locator('.bloc-scoring').innerText(), /đã chấm điểm mọi thành viên khác/);
    await checkAxe(kindergarten, 'bloc (scoring)');

    // The head: closing before the kindergarten was scored is refused, in the service's words.
    const head = await as('ht.dongtan.thdt');
    await head.goto(`${BASE}/#/bloc/${encodeURIComponent(await kindergarten.locator('.bloc').getAttribute('data-bloc'))}`);
    await head.getByRole('heading', {level: 1, name: BLOC}).waitFor();
    await head.locator('[data-action="close"]').click();
    await head.locator('dialog[open] button[type="submit"]').click();
    const refusal = head.locator('dialog[open] [role="alert"]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /chưa được thành viên nào chấm điểm; chưa khóa sổ được/);
    await head.locator('dialog[open]').getByRole('button', {name: 'Huỷ'}).click();
    await score(head, ids['PT-DONGLIEN-MN'], 8);
    await blocChange(head, 'version', async () => {
      await head.locator('[data-action="close"]').click();
      await head.locator('dialog[open] button[type="submit"]').click();
    });
    assert.equal(await blocState(head), 'BLOC_STATE_CLOSED');
    // 9, 8 and 7 of 10 on every criterion: the school 90, the kindergarten 80, the health station 70; the school
    // leads and is proposed for the commune's Giấy khen.
    const rows = head.locator('[data-testid="bloc-ranking"] tbody tr');
    assert.deepEqual(await rows.evaluateAll((nodes) => nodes.map((n) => n.dataset.org)),
      [ids['PT-DONGTAN-THDT'], ids['PT-DONGLIEN-MN'], ids['PT-DONGTAN-TYT']]);
    assert.deepEqual(await rows.evaluateAll((nodes) => nodes.map((n) => n.dataset.proposed)), ['true', 'false', 'false']);
    assert.match(await rows.first().innerText(), /90,00[\s\S]*Đề nghị Giấy khen/);
    assert.equal(await head.locator('form.bloc-scoring').count(), 0, 'a scoring form after closing');
    await checkAxe(head, 'bloc (closed, ranking)');
    await screenshot(head, 'bloc', {fullPage: true});
  });

  await step('an administrator is told when the stored calendar runs out within 60 days', async () => {
    const admin = await as('qt.tinh');
    const {calendar} = await api(admin, 'calendar', 'GetCalendar', {});
    const missing = yearsWithoutArrangement(calendar);
    const banner = admin.locator('#site-alarm .alert');
    if (missing.length === 0) {
      assert.equal(await banner.count(), 0, 'a banner although every year of the next 60 days is stored');
      return;
    }
    await banner.waitFor();
    for (const year of missing) assert.match(await banner.innerText(), new RegExp(`Lịch nghỉ năm ${year} chưa được cập nhật`));
    await checkAxe(admin, 'inbox with the calendar banner');
    // Not for the others: the chairman, who is no administrator, has no banner.
    assert.equal(await (await as('ct.tinh')).locator('#site-alarm .alert').count(), 0);
  });

  await t.test('no page had a CSP violation or a script error', () => {
    assert.deepEqual(consoleProblems, []);
    fs.writeFileSync(`${OUTPUT}/tracking-code.txt`, `${trackingCode}\n`);
  });
});
