// Tra cứu hồ sơ (public, no login): the tracking code in, GetPublicStatus out — state, level, the holding
// organisation and dates; never the nominee or any person (the service sends none).
import {publicStatus} from '../api.js';
import {awardName} from '../catalog.js';
import {el, field, replace} from '../dom.js';
import {formatDate, formatTimestamp, machineDate, todayIso} from '../dates.js';
import {levelLabel} from '../labels.js';
import {errorBox, loading, pageHeading, stateBadge} from '../ui.js';
import {hashQuery} from '../app.js';

function result(s) {
  const rows = [
    ['Mã hồ sơ', el('span', {class: 'code'}, s.trackingCode || '—')],
    ['Danh hiệu / hình thức', `${awardName(s.awardCode, todayIso())} năm ${s.year || '—'}`],
    ['Trạng thái', stateBadge(s.state)],
    ['Cấp đang xử lý', levelLabel(s.currentLevel)],
    ['Cơ quan đang xử lý', s.holdingOrgNameVi || '—'],
    ['Ngày tạo', formatTimestamp(s.createdAt)],
    ['Ngày nộp', formatTimestamp(s.submittedAt)],
    ['Cập nhật trạng thái', formatTimestamp(s.stateChangedAt)],
  ];
  if (s.deadlinePaused) rows.push(['Hạn giải quyết', 'Tạm dừng (hồ sơ đang được bổ sung)']);
  else if (s.dueDate) rows.push(['Hạn giải quyết', el('time', {datetime: machineDate(s.dueDate)}, formatDate(s.dueDate))]);
  if (s.decisionNumber) rows.push(['Quyết định', `Số ${s.decisionNumber}, ngày ${formatDate(s.decisionDate)}`]);
  return el('section', {class: 'card public-status', 'aria-labelledby': 'status-result', 'data-testid': 'public-status'},
    el('h2', {id: 'status-result'}, 'Kết quả tra cứu'),
    el('dl', {class: 'facts'}, rows.map(([t, d]) => [el('dt', {}, t), el('dd', {}, d)])));
}

export function render(main) {
  const code = el('input', {type: 'text', name: 'trackingCode', required: true, autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', maxlength: '64'});
  const out = el('div', {'aria-live': 'polite'});
  const submit = el('button', {type: 'submit', class: 'button button--primary'}, 'Tra cứu');
  const form = el('form', {class: 'card form status-form', role: 'search', 'aria-label': 'Tra cứu hồ sơ'},
    field('Mã hồ sơ', code, 'Mã in trên giấy biên nhận, ví dụ ABCD-EFGH-JKMN-PQRS (không phân biệt chữ hoa, thường).'),
    submit);
  async function lookUp() {
    const value = code.value.trim();
    if (!value) return;
    replace(out, loading('Đang tra cứu…'));
    submit.disabled = true;
    try {
      const response = await publicStatus(value);
      replace(out, result(response.status || {}));
    } catch (error) {
      replace(out, error.code === 'NOT_FOUND' ?
        errorBox(new Error('Không tìm thấy hồ sơ có mã này. Kiểm tra lại mã hồ sơ.')) : errorBox(error));
    } finally {
      submit.disabled = false;
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    lookUp();
  });
  replace(main, el('section', {class: 'page narrow'}, pageHeading('Tra cứu hồ sơ'),
    el('p', {class: 'lead'}, 'Nhập mã hồ sơ để biết hồ sơ đang ở đâu. Trang này không hiển thị thông tin cá nhân.'),
    form, out));
  const preset = hashQuery().get('ma');
  if (preset) {
    code.value = preset;
    lookUp();
  }
}
