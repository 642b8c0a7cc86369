// Báo cáo: ReportService.GetReport for one of my organisations (its subtree) over a range of months, optionally
// against a campaign's targets — dossiers by state and level, awards decided against the targets (chart), the
// shares to workers and farmers and to women, the appraisal time per level (chart), complaints — and the same
// report as a CSV file for Excel (DownloadReportCsv through the gateway).
import {call} from '../api.js';
import {awardName} from '../catalog.js';
import {el, field, replace, select} from '../dom.js';
import {todayIso} from '../dates.js';
import {stateLevelTable} from '../counts_table.js';
import {orgName} from '../orgs.js';
import {errorBox, loading, pageHeading} from '../ui.js';
import {appraisalChart, targetChart} from '../report_charts.js';

const memory = {orgId: '', campaignId: '', from: '', until: ''};

const percent = (share) => `${(Number(share || 0) * 100).toFixed(1).replace('.', ',')} %`;

function kpi(value, text, modifier = '') {
  return el('li', {class: `kpi ${modifier}`.trim()}, el('span', {class: 'kpi__value'}, value),
    el('span', {class: 'kpi__label'}, text));
}

function shareText(share) {
  const base = `${share.counted || 0}/${share.of || 0} = ${percent(share.share)}`;
  if (!share.hasRule) return base;
  const rule = `${share.strictlyAbove ? 'trên' : 'tối thiểu'} ${percent(share.minShare)}`;
  return `${base} (yêu cầu ${rule}: ${share.met ? 'đạt' : 'chưa đạt'})`;
}

function awardTable(awards, day) {
  if (!awards.length) return el('p', {class: 'empty'}, 'Chưa có khen thưởng nào được quyết định trong kỳ.');
  return el('table', {class: 'table table--compact'},
    el('caption', {}, 'Khen thưởng đã quyết định trong kỳ'),
    el('thead', {}, el('tr', {}, ['Danh hiệu, hình thức', 'Số khen thưởng', 'Cá nhân', 'Nữ',
      'Công nhân, nông dân, lao động trực tiếp'].map((t) => el('th', {scope: 'col'}, t)))),
    el('tbody', {}, awards.map((a) => el('tr', {}, el('th', {scope: 'row'}, awardName(a.awardCode, day)),
      [a.decided, a.toIndividuals, a.toWomen, a.toDirectWorkers].map((v) => el('td', {class: 'num'},
        String(v || 0)))))));
}

function csvLink(request) {
  const query = new URLSearchParams({orgId: request.orgId});
  for (const [key, value] of [['fromMonth', request.fromMonth], ['untilMonth', request.untilMonth],
    ['campaignId', request.campaignId]]) {
    if (value) query.set(key, value);
  }
  return el('a', {class: 'button button--small', href: `/api/v1/report/DownloadReportCsv?${query}`, download: '',
    'data-testid': 'report-csv'}, 'Tải tệp CSV (Excel)');
}

function draw(body, report, request) {
  const day = todayIso();
  const complaints = report.complaints || {};
  replace(body,
    el('p', {class: 'toolbar'}, csvLink(request)),
    el('ul', {class: 'kpis'},
      kpi(String(report.dossiersTotal || 0), 'Hồ sơ mở trong kỳ'),
      kpi(String(report.awardsDecided || 0), 'Khen thưởng đã quyết định'),
      kpi(percent((report.directWorkerShare || {}).share), 'Công nhân, nông dân, lao động trực tiếp'),
      kpi(percent((report.womenShare || {}).share), 'Cá nhân là nữ'),
      kpi(`${complaints.resolved || 0}/${complaints.received || 0}`, 'Khiếu nại đã giải quyết / đã nhận')),
    el('section', {class: 'card', 'aria-labelledby': 'sec-targets'}, el('h2', {id: 'sec-targets'},
      'Chỉ tiêu khen thưởng'),
    (report.targets || []).length ? targetChart(report.targets) :
      el('p', {class: 'empty'}, 'Chọn một phong trào để so với chỉ tiêu của kế hoạch.')),
    el('section', {class: 'card', 'aria-labelledby': 'sec-shares'}, el('h2', {id: 'sec-shares'}, 'Tỷ lệ khen thưởng'),
      el('dl', {class: 'facts'},
        el('dt', {}, (report.directWorkerShare || {}).labelVi || 'Công nhân, nông dân'),
        el('dd', {}, shareText(report.directWorkerShare || {})),
        el('dt', {}, (report.womenShare || {}).labelVi || 'Nữ'), el('dd', {}, shareText(report.womenShare || {})))),
    el('section', {class: 'card', 'aria-labelledby': 'sec-awards'}, el('h2', {id: 'sec-awards'},
      'Khen thưởng theo danh hiệu'), awardTable(report.awards || [], day)),
    el('section', {class: 'card', 'aria-labelledby': 'sec-appraisal'}, el('h2', {id: 'sec-appraisal'},
      'Thời gian thẩm định'),
    (report.appraisals || []).length ? appraisalChart(report.appraisals) :
      el('p', {class: 'empty'}, 'Chưa có hồ sơ nào thẩm định xong trong kỳ.')),
    el('section', {class: 'card', 'aria-labelledby': 'sec-dossiers'}, el('h2', {id: 'sec-dossiers'},
      'Hồ sơ theo trạng thái'), stateLevelTable(report.dossiers || [], {count: (c) => c.dossiers,
        caption: 'Hồ sơ mở trong kỳ, theo trạng thái và cấp hiện tại', empty: 'Không có hồ sơ nào trong kỳ.'})));
}

export async function render(main, {session, stale}) {
  const orgIds = [...new Set(session.grants.map((g) => g.orgId))].filter((id) => id !== '*');
  if (!memory.orgId) memory.orgId = orgIds[0] || '';
  const year = todayIso().slice(0, 4);
  if (!memory.from) memory.from = `${year}-01`;
  if (!memory.until) memory.until = todayIso().slice(0, 7);
  const orgSelect = select(orgIds.map((id) => [id, id]), {value: memory.orgId, name: 'org'});
  [...orgSelect.options].forEach((o) => { orgName(o.value).then((n) => { o.textContent = n; }); });
  const campaignSelect = select([['', 'Không so với kế hoạch']], {value: memory.campaignId, name: 'campaign'});
  const from = el('input', {type: 'month', name: 'from', value: memory.from, required: true});
  const until = el('input', {type: 'month', name: 'until', value: memory.until, required: true});
  const body = el('div', {class: 'report'}, loading());

  async function load() {
    replace(body, loading());
    const request = {orgId: memory.orgId};
    if (memory.campaignId) request.campaignId = memory.campaignId;
    request.fromMonth = memory.from;
    request.untilMonth = memory.until;
    try {
      const answer = await call('report', 'GetReport', request);
      if (stale()) return;
      draw(body, answer.report || {}, request);
    } catch (error) {
      replace(body, errorBox(error));
    }
  }

  call('campaign', 'ListCampaigns', {}).then((answer) => {
    for (const c of answer.campaigns || []) {
      campaignSelect.append(el('option', {value: c.id, selected: c.id === memory.campaignId}, c.nameVi || c.id));
    }
  }).catch(() => { /* no campaign to compare with: the report stands without targets */ });
  const form = el('form', {class: 'toolbar', onSubmit: (event) => {
    event.preventDefault();
    Object.assign(memory, {orgId: orgSelect.value, campaignId: campaignSelect.value, from: from.value,
      until: until.value});
    load();
  }}, field('Đơn vị', orgSelect), field('Phong trào, kế hoạch', campaignSelect), field('Từ tháng', from),
  field('Đến tháng', until), el('button', {type: 'submit', class: 'button'}, 'Xem báo cáo'));
  replace(main, el('section', {class: 'page'}, pageHeading('Báo cáo thi đua, khen thưởng'), form, body));
  if (memory.orgId) await load();
  else replace(body, el('p', {class: 'empty'}, 'Bạn chưa có vai trò ở đơn vị nào.'));
}
