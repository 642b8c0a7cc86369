// The dossier commands as dialogs: one form per DossierAction, each sent with a fresh request_id (kept while
// the dialog is open, so that pressing the button again after a network error retries the same command) and
// the version the page shows as expected_version. The server still checks role, state and version; its
// Vietnamese refusal is shown in the dialog.
import {call, newRequestId} from '../api.js';
import {missingKinds} from '../catalog.js';
import {choiceGroup, el, field, select} from '../dom.js';
import {dateFromIso, formatTimestamp, todayIso} from '../dates.js';
import {ACTION, DOCUMENT_KIND, LEVEL, VOTE_CHOICE, label, levelLabel} from '../labels.js';
import {formDialog, noticeBox} from '../ui.js';

const text = (name, {required = false, rows = 3, maxlength = 2000} = {}) =>
  el('textarea', {name, rows: String(rows), required, maxlength: String(maxlength)});
const input = (name, type = 'text', {required = false, value = ''} = {}) =>
  el('input', {name, type, required, value});

const value = (data, name) => (data.get(name) || '').toString().trim().normalize('NFC');

function base(ctx, requestId) {
  return {requestId, dossierId: ctx.dossier.id, expectedVersion: String(ctx.dossier.version || 0)};
}

function missingNotice(ctx) {
  const missing = missingKinds(ctx.award, ctx.documents);
  if (!missing.length) return noticeBox('Hồ sơ đã có đủ các loại tài liệu bắt buộc.');
  return el('div', {class: 'alert alert--warning', role: 'alert'}, 'Hồ sơ còn thiếu tài liệu bắt buộc: ',
    missing.map((k) => label(DOCUMENT_KIND, k)).join(', '), '. Hãy đính kèm trước khi nộp.');
}

function decisionFields(body, ctx) {
  body.append(
    field('Số quyết định', input('number', 'text', {required: true}), 'Ví dụ: 1234/QĐ-UBND'),
    field('Ngày ký', input('date', 'date', {required: true, value: todayIso()})),
    field('Người ký', input('signerName', 'text', {required: true, value: ctx.session.person.fullName || ''})),
    field('Chức danh người ký', input('signerTitle', 'text'), 'Ví dụ: Chủ tịch UBND tỉnh'),
    field('Cơ quan ban hành', input('issuingBody', 'text', {value: ctx.holderName || ''})));
}

function decisionFrom(data) {
  const decision = {number: value(data, 'number'), date: dateFromIso(value(data, 'date')),
    signerName: value(data, 'signerName')};
  if (value(data, 'signerTitle')) decision.signerTitleVi = value(data, 'signerTitle');
  if (value(data, 'issuingBody')) decision.issuingBodyVi = value(data, 'issuingBody');
  return decision;
}

// Per action: the dialog's title, button, fields and request. `method` is the RPC.
const FORMS = {
  DOSSIER_ACTION_SUBMIT: {
    method: 'SubmitDossier', submitText: 'Nộp hồ sơ',
    build: (body, ctx) => body.append(missingNotice(ctx), field('Ghi chú gửi kèm (không bắt buộc)', text('note'))),
    request: (data) => ({noteVi: value(data, 'note')}),
    done: 'Đã nộp hồ sơ.',
  },
  DOSSIER_ACTION_ACCEPT: {
    method: 'AcceptDossier', submitText: 'Tiếp nhận',
    build: (body) => body.append(field('Ghi chú (không bắt buộc)', text('note'))),
    request: (data) => ({noteVi: value(data, 'note')}),
    done: 'Đã tiếp nhận hồ sơ.',
  },
  DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT: {
    method: 'ReturnForSupplement', submitText: 'Trả lại để bổ sung',
    build: (body, ctx) => {
      body.append(field('Lý do trả lại (bắt buộc)', text('reason', {required: true, rows: 4}),
        'Nêu rõ tài liệu hoặc nội dung cần bổ sung, sửa đổi.'));
      const kinds = (ctx.award && ctx.award.requiredDocuments) || [];
      if (kinds.length) {
        body.append(choiceGroup('Tài liệu cần bổ sung (không bắt buộc)', 'checkbox', 'missing',
          kinds.map((k) => [k, label(DOCUMENT_KIND, k)])));
      }
    },
    request: (data) => ({reasonVi: value(data, 'reason'), missingDocumentKinds: data.getAll('missing')}),
    done: 'Đã trả hồ sơ để bổ sung.',
  },
  DOSSIER_ACTION_RESUBMIT: {
    method: 'ResubmitDossier', submitText: 'Nộp lại',
    build: (body, ctx) => body.append(
      ctx.dossier.stateReasonVi ? el('div', {class: 'alert alert--warning'}, 'Lý do trả lại: ',
        ctx.dossier.stateReasonVi) : null,
      field('Nội dung đã bổ sung (không bắt buộc)', text('note'))),
    request: (data) => ({noteVi: value(data, 'note')}),
    done: 'Đã nộp lại hồ sơ.',
  },
  DOSSIER_ACTION_SEND_TO_COUNCIL: {
    method: 'SendToCouncil', submitText: 'Trình Hội đồng',
    build: (body) => body.append(field('Ngày họp Hội đồng dự kiến (không bắt buộc)', input('meeting', 'date')),
      field('Tóm tắt kết quả thẩm định', text('note', {rows: 4}))),
    request: (data) => {
      const r = {noteVi: value(data, 'note')};
      const meeting = dateFromIso(value(data, 'meeting'));
      if (meeting) r.meetingDate = meeting;
      return r;
    },
    done: 'Đã trình Hội đồng.',
  },
  DOSSIER_ACTION_OPEN_VOTE: {
    method: 'OpenVote', submitText: 'Mở bỏ phiếu',
    build: (body) => body.append(
      noticeBox('Các thành viên Hội đồng có quyền biểu quyết sẽ được thông báo. Phiếu là phiếu kín.'),
      field('Dự kiến kết thúc lúc (không bắt buộc)', input('closesAt', 'datetime-local'))),
    request: (data) => {
      const closes = value(data, 'closesAt');
      return closes ? {closesAt: new Date(closes).toISOString()} : {};
    },
    done: 'Đã mở bỏ phiếu.',
  },
  DOSSIER_ACTION_CAST_VOTE: {
    method: 'CastVote', submitText: 'Gửi phiếu',
    build: (body, ctx) => body.append(
      noticeBox('Phiếu kín: hệ thống chỉ ghi nhận bạn đã bỏ phiếu, không ghi nhận bạn chọn gì; ' +
        'không ai, kể cả Chủ tịch Hội đồng, xem được lựa chọn của bạn.'),
      ctx.dossier.vote ? el('p', {class: 'muted'}, `Phiên bỏ phiếu ${levelLabel(ctx.dossier.vote.level)}, mở lúc ` +
        formatTimestamp(ctx.dossier.vote.openedAt)) : null,
      choiceGroup('Ý kiến của bạn', 'radio', 'choice', Object.entries(VOTE_CHOICE), {required: true})),
    // Ballots commute: 0 skips the version check (other members vote at the same time).
    request: (data, ctx) => ({expectedVersion: '0', voteId: ctx.dossier.vote && ctx.dossier.vote.voteId,
      choice: value(data, 'choice')}),
    done: 'Phiếu của bạn đã được ghi nhận.',
  },
  DOSSIER_ACTION_CLOSE_VOTE: {
    method: 'CloseVote', submitText: 'Kết thúc và kiểm phiếu',
    build: (body, ctx) => {
      const v = ctx.dossier.vote || {};
      body.append(el('p', {}, `Đã có ${v.votedCount || 0}/${v.eligibleCount || 0} thành viên bỏ phiếu. `,
        'Kết thúc phiên sẽ kiểm phiếu và chuyển hồ sơ theo kết quả.'));
    },
    request: (data, ctx) => ({voteId: ctx.dossier.vote && ctx.dossier.vote.voteId}),
    done: 'Đã kết thúc bỏ phiếu.',
  },
  DOSSIER_ACTION_FORWARD: {
    method: 'ForwardDossier', submitText: 'Chuyển cấp trên',
    build: (body) => body.append(field('Tóm tắt tờ trình', text('note', {rows: 4}))),
    request: (data) => ({noteVi: value(data, 'note')}),
    done: 'Đã chuyển hồ sơ lên cấp trên.',
  },
  DOSSIER_ACTION_DECIDE: {
    method: 'DecideDossier', submitText: 'Ký quyết định',
    build: (body, ctx) => decisionFields(body, ctx),
    request: (data) => ({decision: decisionFrom(data)}),
    done: 'Đã ghi nhận quyết định khen thưởng.',
  },
  DOSSIER_ACTION_RECORD_EXTERNAL_OUTCOME: {
    method: 'RecordExternalOutcome', submitText: 'Ghi nhận kết quả',
    build: (body, ctx) => {
      body.append(choiceGroup('Kết quả', 'radio', 'outcome',
        [['EXTERNAL_OUTCOME_GRANTED', 'Được khen thưởng'], ['EXTERNAL_OUTCOME_NOT_GRANTED', 'Không được khen thưởng']],
        {required: true}));
      body.append(el('p', {class: 'hint'}, 'Khi được khen thưởng: nhập thông tin quyết định.'));
      decisionFields(body, ctx);
      for (const node of body.querySelectorAll('input[name=number], input[name=date], input[name=signerName]')) {
        node.required = false;
      }
      body.append(field('Lý do (khi không được khen thưởng)', text('reason')));
    },
    request: (data) => (value(data, 'outcome') === 'EXTERNAL_OUTCOME_GRANTED' ?
      {outcome: 'EXTERNAL_OUTCOME_GRANTED', decision: decisionFrom(data)} :
      {outcome: 'EXTERNAL_OUTCOME_NOT_GRANTED', reasonVi: value(data, 'reason')}),
    done: 'Đã ghi nhận kết quả.',
  },
  DOSSIER_ACTION_PUBLISH: {
    method: 'PublishDossier', submitText: 'Công bố',
    build: (body) => body.append(field('Ngày công bố', input('publishedOn', 'date', {value: todayIso()}))),
    request: (data) => {
      const d = dateFromIso(value(data, 'publishedOn'));
      return d ? {publishedOn: d} : {};
    },
    done: 'Đã công bố quyết định.',
  },
  DOSSIER_ACTION_REJECT: {
    method: 'RejectDossier', submitText: 'Không đề nghị', danger: true,
    build: (body) => body.append(field('Lý do (bắt buộc)', text('reason', {required: true, rows: 4}))),
    request: (data) => ({reasonVi: value(data, 'reason')}),
    done: 'Đã ghi nhận: không đề nghị.',
  },
  DOSSIER_ACTION_WITHDRAW: {
    method: 'WithdrawDossier', submitText: 'Rút hồ sơ', danger: true,
    build: (body) => body.append(el('p', {}, 'Rút hồ sơ là thao tác không hoàn tác được.'),
      field('Lý do (không bắt buộc)', text('reason'))),
    request: (data) => ({reasonVi: value(data, 'reason')}),
    done: 'Đã rút hồ sơ.',
  },
  DOSSIER_ACTION_FILE_COMPLAINT: {
    method: 'FileComplaint', submitText: 'Gửi khiếu nại',
    build: (body) => body.append(
      field('Nội dung khiếu nại (bắt buộc)', text('text', {required: true, rows: 5})),
      field('Khiếu nại quyết định của', select([['', 'Cấp đã quyết định hoặc từ chối gần nhất'],
        ...Object.entries(LEVEL).map(([k, v]) => [k, `Cấp ${v}`])], {name: 'level'}))),
    request: (data) => {
      const r = {textVi: value(data, 'text')};
      if (value(data, 'level')) r.concerningLevel = value(data, 'level');
      return r;
    },
    done: 'Đã gửi khiếu nại.',
  },
};

// The actions that have a button on the dossier page (documents have their own section).
export function actionButtons(ctx, onDone) {
  return (ctx.allowedActions || []).filter((a) => FORMS[a]).map((action) => {
    const form = FORMS[action];
    const classes = ['button'];
    if (form.danger) classes.push('button--danger');
    else if (action !== 'DOSSIER_ACTION_WITHDRAW') classes.push('button--primary');
    return el('button', {type: 'button', class: classes.join(' '), dataset: {action},
      onClick: () => openAction(action, ctx, onDone)}, label(ACTION, action));
  });
}

export function openAction(action, ctx, onDone) {
  const form = FORMS[action];
  const requestId = newRequestId();
  return formDialog({
    title: `${label(ACTION, action)} — hồ sơ ${ctx.dossier.trackingCode || ''}`,
    submitText: form.submitText,
    danger: form.danger,
    build: (body) => form.build(body, ctx),
    submit: async (data) => {
      const request = {...base(ctx, requestId), ...form.request(data, ctx)};
      const response = await call('dossier', form.method, request);
      await onDone(response.dossier, form.done);
    },
  });
}
