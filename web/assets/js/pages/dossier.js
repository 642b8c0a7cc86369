// Một hồ sơ: the nominee, the award, the documents (view, download, upload with progress, remove), what the
// award still requires, the deadline of the current level with its pauses, every ballot round (counts only:
// never anyone's choice), the decision and complaints, the history as a timeline (who, in which role and
// organisation, did what and when), the links to its printable official documents, the nominee's award history
// (award_history.js) and the buttons for exactly the actions GetDossier allows me now.
import {call, documentUrl, fetchDocument, newRequestId, uploadDocument} from '../api.js';
import {awardHistorySection} from '../award_history.js';
import {awardOfDossier, missingKinds} from '../catalog.js';
import {el, field, replace, select} from '../dom.js';
import {formatDate, formatTimestamp, isoDayOf, machineDate, todayIso} from '../dates.js';
import {ACTION, DOCUMENT_KIND, GENDER, LEVEL, NOMINEE_KIND, OCCUPATION, ROLE, STATE, VOTE_RESULT, VOTE_STATUS,
  label, levelLabel} from '../labels.js';
import {orgName, orgNameNode} from '../orgs.js';
import {deadlineSummary, dossierFlags, errorBox, formDialog, loading, noticeBox, pageHeading, stateBadge, toast}
  from '../ui.js';
import {actionButtons} from './actions.js';
import {closedRounds, proposalsOf} from '../documents/selection.js';

function formatSize(bytes) {
  const n = Number(bytes || 0);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function actorNode(actor) {
  if (!actor) return el('span', {class: 'muted'}, 'Không rõ');
  if (actor.service) return el('span', {}, `Hệ thống (${actor.service})`);
  return el('span', {class: 'actor'},
    el('strong', {}, actor.displayName || 'Không rõ tên'),
    actor.role ? [', ', label(ROLE, actor.role)] : null,
    actor.orgId ? [' — ', orgNameNode(actor.orgId)] : null);
}

function dl(rows) {
  return el('dl', {class: 'facts'}, rows.filter(Boolean).map(([term, desc]) =>
    [el('dt', {}, term), el('dd', {}, desc)]));
}

function nomineeSection(nominee = {}) {
  const individual = !nominee.kind || nominee.kind === 'NOMINEE_KIND_INDIVIDUAL';
  return el('section', {class: 'card', 'aria-labelledby': 'sec-nominee'},
    el('h2', {id: 'sec-nominee'}, 'Người/tập thể được đề nghị'),
    dl([
      ['Đối tượng', label(NOMINEE_KIND, nominee.kind)],
      ['Họ tên / tên tập thể', nominee.name || '—'],
      individual ? ['Số định danh cá nhân', nominee.personalDataRedacted ?
        el('span', {class: 'muted'}, 'Ẩn (bạn không có quyền xem)') : nominee.idNumber || '—'] : null,
      individual ? ['Năm sinh', nominee.birthYear ? String(nominee.birthYear) : '—'] : null,
      individual ? ['Giới tính', label(GENDER, nominee.gender)] : null,
      ['Chức vụ', nominee.positionVi || '—'],
      ['Đơn vị công tác / nơi ở', nominee.unitNameVi || '—'],
      ['Nhóm đối tượng', label(OCCUPATION, nominee.occupation)],
      !individual ? ['Số thành viên', String(nominee.memberCount || 0)] : null,
      !individual ? ['Số thành viên nữ', String(nominee.femaleMemberCount || 0)] : null,
    ]));
}

// The pauses of the deadline: each return for supplement until the resubmission, from the history.
function pausesOf(history) {
  const pauses = [];
  let open = null;
  for (const entry of history) {
    if (entry.action === 'DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT') {
      open = {level: entry.level, from: entry.occurredAt, reason: entry.noteVi};
      pauses.push(open);
    } else if (entry.action === 'DOSSIER_ACTION_RESUBMIT' && open) {
      open.until = entry.occurredAt;
      open = null;
    }
  }
  return pauses;
}

function deadlineSection(dossier, history) {
  const d = dossier.deadline;
  const pauses = pausesOf(history);
  const body = [];
  if (!d) {
    body.push(el('p', {class: 'muted'}, 'Hồ sơ không có thời hạn thẩm định đang chạy ở trạng thái này.'));
  } else {
    body.push(el('p', {class: 'deadline-line'}, deadlineSummary(d)));
    body.push(dl([
      ['Cấp', levelLabel(d.level)],
      ['Đơn vị', orgNameNode(d.orgId)],
      ['Ngày tiếp nhận', el('time', {datetime: machineDate(d.startedOn)}, formatDate(d.startedOn))],
      ['Thời gian thẩm định', `${d.workingDaysAllowed || 0} ngày làm việc`],
      ['Hạn giải quyết', d.paused ? 'Tạm dừng' : el('time', {datetime: machineDate(d.dueDate)}, formatDate(d.dueDate))],
      ['Còn lại', `${d.workingDaysRemaining || 0} ngày làm việc`],
      d.escalationCount ? ['Đã báo quá hạn', `${d.escalationCount} lần`] : null,
    ]));
  }
  if (pauses.length) {
    body.push(el('h3', {}, 'Các lần tạm dừng (trả bổ sung)'));
    body.push(el('ul', {class: 'pauses'}, pauses.map((p) => el('li', {},
      `${levelLabel(p.level)}: từ ${formatTimestamp(p.from)} `,
      p.until ? `đến ${formatTimestamp(p.until)}` : '(đang tạm dừng)',
      p.reason ? el('span', {class: 'muted'}, ` — ${p.reason}`) : null))));
  }
  return el('section', {class: 'card', 'aria-labelledby': 'sec-deadline'},
    el('h2', {id: 'sec-deadline'}, 'Thời hạn thẩm định'), body,
    el('p', {class: 'hint'}, 'Thời hạn tính theo ngày làm việc (không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết); ' +
      'thời gian hồ sơ bị trả lại để bổ sung không tính vào thời hạn.'));
}

function voteSection(votes) {
  if (!votes.length) return null;
  return el('section', {class: 'card', 'aria-labelledby': 'sec-votes'},
    el('h2', {id: 'sec-votes'}, 'Biểu quyết của Hội đồng'),
    el('p', {class: 'hint'}, 'Phiếu kín: chỉ hiển thị số người đã bỏ phiếu và kết quả kiểm phiếu, không hiển thị ai chọn gì.'),
    el('ol', {class: 'votes'}, votes.map((v) => el('li', {class: `vote vote--${v.status === 'VOTE_STATUS_OPEN' ? 'open' :
      'closed'}`},
      el('h3', {}, `Phiên ${levelLabel(v.level)}: ${label(VOTE_STATUS, v.status)}`),
      dl([
        ['Mở lúc', formatTimestamp(v.openedAt)],
        v.closedAt ? ['Kết thúc lúc', formatTimestamp(v.closedAt)] : null,
        ['Đã bỏ phiếu', `${v.votedCount || 0}/${v.eligibleCount || 0} thành viên`],
        ['Số thành viên tham gia tối thiểu', `${Math.round((v.quorum || 0) * 100)}%`],
        ['Tỷ lệ đồng ý cần vượt', `${Math.round((v.passThreshold || 0) * 100)}% ${v.thresholdCountsAllMembers ?
          'tổng số thành viên' : 'số thành viên tham gia'}`],
        v.status === 'VOTE_STATUS_CLOSED' ? ['Kết quả', el('strong', {}, label(VOTE_RESULT, v.result))] : null,
        v.status === 'VOTE_STATUS_CLOSED' ? ['Kiểm phiếu',
          `${v.yesCount || 0} đồng ý, ${v.noCount || 0} không đồng ý, ${v.abstainCount || 0} không biểu quyết`] : null,
      ]),
      (v.participants || []).length ? el('details', {class: 'participants'},
        el('summary', {}, 'Thành viên đã/chưa bỏ phiếu'),
        el('ul', {}, v.participants.map((p) => el('li', {}, p.fullName || p.personId, ': ',
          p.voted ? `đã bỏ phiếu (${formatTimestamp(p.votedAt)})` : 'chưa bỏ phiếu')))) : null))));
}

function decisionSection(dossier) {
  const parts = [];
  const d = dossier.decision;
  if (d) {
    parts.push(el('h2', {id: 'sec-decision'}, 'Quyết định khen thưởng'));
    parts.push(dl([
      ['Số quyết định', d.number || '—'],
      ['Ngày ký', formatDate(d.date)],
      ['Người ký', [d.signerName || '—', d.signerTitleVi ? `, ${d.signerTitleVi}` : '']],
      ['Cơ quan ban hành', d.issuingBodyVi || '—'],
      dossier.publishedOn ? ['Ngày công bố', formatDate(dossier.publishedOn)] : null,
    ]));
  }
  if ((dossier.complaints || []).length) {
    parts.push(el('h2', {id: 'sec-complaints'}, 'Khiếu nại'));
    parts.push(el('ul', {}, dossier.complaints.map((c) => el('li', {}, formatTimestamp(c.filedAt), ' — ',
      actorNode(c.filedBy), `: ${c.textVi || ''}`, c.concerningLevel ? ` (${levelLabel(c.concerningLevel)})` : ''))));
  }
  if (!parts.length) return null;
  return el('section', {class: 'card', 'aria-labelledby': d ? 'sec-decision' : 'sec-complaints'}, parts);
}

// The official documents this dossier has so far, each a link to its printable page (pages/document.js): the
// proposal letter of every level that sent it up, the minutes of every closed ballot round, the decision.
function printSection(dossier, history, votes) {
  const base = `#/dossiers/${encodeURIComponent(dossier.id || '')}`;
  const links = [
    ...proposalsOf(history).filter((step) => step.slug).map((step) => el('a', {class: 'button button--small',
      href: `${base}/to-trinh/${step.slug}`}, `In tờ trình (${levelLabel(step.level)})`)),
    ...closedRounds(votes).map(({vote, number}) => el('a', {class: 'button button--small',
      href: `${base}/bien-ban/${number}`}, `In biên bản (${levelLabel(vote.level)}, ${formatTimestamp(vote.closedAt)})`)),
    dossier.decision && dossier.decision.number ? el('a', {class: 'button button--small', href: `${base}/quyet-dinh`},
      'In quyết định') : null,
  ].filter(Boolean);
  if (!links.length) return null;
  return el('section', {class: 'card', 'aria-labelledby': 'sec-print'},
    el('h2', {id: 'sec-print'}, 'Văn bản'),
    el('p', {class: 'hint'}, 'Tờ trình, biên bản và quyết định theo thể thức văn bản hành chính, in trên khổ A4.'),
    el('div', {class: 'button-row print-links'}, links));
}

function timeline(history) {
  return el('section', {class: 'card', 'aria-labelledby': 'sec-history'},
    el('h2', {id: 'sec-history'}, 'Lịch sử xử lý'),
    el('ol', {class: 'timeline'}, [...history].reverse().map((h) => el('li', {class: 'timeline__item',
      dataset: {action: h.action || ''}},
      el('div', {class: 'timeline__when'}, el('time', {datetime: h.occurredAt || ''}, formatTimestamp(h.occurredAt))),
      el('div', {class: 'timeline__what'},
        el('strong', {class: 'timeline__action'}, label(ACTION, h.action)),
        h.toState && h.fromState !== h.toState ? el('span', {class: 'muted'},
          ` (${label(STATE, h.fromState, 'mới')} → ${label(STATE, h.toState)})`) : null,
        el('div', {class: 'timeline__who'}, actorNode(h.actor), h.level ? ` · ${levelLabel(h.level)}` : ''),
        h.noteVi ? el('p', {class: 'timeline__note'}, h.noteVi) : null)))));
}

export async function render(main, {session, params, stale}) {
  const dossierId = decodeURIComponent(params[0]);
  replace(main, loading());
  let dialogOpen = false;
  let pendingRefresh = false;

  async function load() {
    const response = await call('dossier', 'GetDossier', {dossierId});
    if (stale()) return;
    const dossier = response.dossier || {};
    let documents = [];
    try {
      documents = (await call('dossier', 'ListDocuments', {dossierId})).documents || [];
    } catch (error) {
      // Above the holder, a dossier is shown without its documents (PERMISSION_DENIED): not an error here.
      if (error.code !== 'PERMISSION_DENIED') throw error;
      documents = null;
    }
    if (stale()) return;
    const holderName = await orgName(dossier.holdingOrgId);
    const ctx = {
      session, dossier, documents: documents || [], documentsHidden: documents === null,
      history: response.history || [], allowedActions: response.allowedActions || [], votes: response.votes || [],
      award: awardOfDossier(dossier, todayIso(), dossier.createdAt ? isoDayOf(dossier.createdAt) : ''),
      holderName,
    };
    draw(ctx);
  }

  async function afterCommand(newDossier, doneText) {
    toast(doneText, {kind: 'success'});
    await load();
  }

  function documentsSection(ctx) {
    const {dossier, documents} = ctx;
    const canAttach = ctx.allowedActions.includes('DOSSIER_ACTION_ATTACH_DOCUMENT');
    const canRemove = ctx.allowedActions.includes('DOSSIER_ACTION_REMOVE_DOCUMENT');
    const parts = [el('h2', {id: 'sec-documents'}, 'Tài liệu')];
    if (ctx.documentsHidden) {
      parts.push(el('p', {class: 'muted'}, 'Tài liệu của hồ sơ chỉ hiển thị cho các cấp đã và đang xử lý hồ sơ.'));
      return el('section', {class: 'card', 'aria-labelledby': 'sec-documents'}, parts);
    }
    if (ctx.award) {
      const missing = missingKinds(ctx.award, documents);
      parts.push(el('div', {class: 'required-kinds', 'data-testid': 'required-kinds'},
        el('h3', {}, 'Tài liệu bắt buộc của danh hiệu'),
        el('ul', {class: 'checklist'}, ctx.award.requiredDocuments.map((kind) => {
          const has = !missing.includes(kind);
          return el('li', {class: has ? 'checklist__item checklist__item--done' : 'checklist__item checklist__item--missing'},
            el('span', {class: 'checklist__mark', 'aria-hidden': 'true'}, has ? '✓' : '✗'),
            label(DOCUMENT_KIND, kind), el('span', {class: 'visually-hidden'}, has ? ': đã có' : ': còn thiếu'));
        })),
        missing.length ? el('p', {class: 'alert alert--warning', 'data-testid': 'missing-kinds'},
          'Còn thiếu: ', missing.map((k) => label(DOCUMENT_KIND, k)).join(', ')) :
          el('p', {class: 'alert alert--success'}, 'Đã đủ tài liệu bắt buộc.')));
    }
    if (!documents.length) {
      parts.push(el('p', {class: 'muted'}, 'Chưa có tài liệu nào.'));
    } else {
      parts.push(el('ul', {class: 'documents', 'aria-label': 'Tài liệu đã đính kèm'}, documents.map((doc) =>
        el('li', {class: 'document', dataset: {documentId: doc.id}},
          el('div', {class: 'document__info'},
            el('span', {class: 'document__kind'}, label(DOCUMENT_KIND, doc.kind)),
            el('span', {class: 'file-name'}, doc.fileName || '—'),
            el('span', {class: 'muted'}, `${formatSize(doc.sizeBytes)} · ${levelLabel(doc.level)} · `,
              actorNode(doc.uploadedBy), ` · ${formatTimestamp(doc.uploadedAt)}`)),
          el('div', {class: 'document__actions'},
            el('button', {type: 'button', class: 'button button--small', onClick: () => viewDocument(doc)},
              'Xem', el('span', {class: 'visually-hidden'}, ` ${doc.fileName}`)),
            el('a', {class: 'button button--small', href: documentUrl(dossier.id, doc.id), download: doc.fileName || ''},
              'Tải về', el('span', {class: 'visually-hidden'}, ` ${doc.fileName}`)),
            canRemove ? el('button', {type: 'button', class: 'button button--small button--danger',
              onClick: () => removeDocument(ctx, doc)}, 'Gỡ', el('span', {class: 'visually-hidden'},
              ` ${doc.fileName}`)) : null)))));
    }
    if (canAttach) parts.push(uploadForm(ctx));
    return el('section', {class: 'card', 'aria-labelledby': 'sec-documents'}, parts);
  }

  async function viewDocument(doc) {
    try {
      const blob = await fetchDocument(dossierId, doc.id);
      const url = URL.createObjectURL(blob);
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      toast(error.message, {kind: 'error'});
    }
  }

  function removeDocument(ctx, doc) {
    const requestId = newRequestId();
    dialogOpen = true;
    const dialog = formDialog({
      title: `Gỡ tài liệu “${doc.fileName}”`, submitText: 'Gỡ tài liệu', danger: true,
      build: (body) => body.append(el('p', {}, `Gỡ ${label(DOCUMENT_KIND, doc.kind)} khỏi hồ sơ?`)),
      submit: async () => {
        await call('dossier', 'RemoveDocument', {requestId, dossierId, documentId: doc.id,
          expectedVersion: String(ctx.dossier.version || 0)});
        await afterCommand(null, 'Đã gỡ tài liệu.');
      },
    });
    watchDialog(dialog);
  }

  function uploadForm(ctx) {
    const kinds = ctx.award ? ctx.award.requiredDocuments : Object.keys(DOCUMENT_KIND);
    const missing = missingKinds(ctx.award, ctx.documents);
    const kindSelect = select(kinds.map((k) => [k, label(DOCUMENT_KIND, k)]), {name: 'kind', required: true,
      value: missing[0] || kinds[0]});
    const fileInput = el('input', {type: 'file', name: 'file', required: true,
      accept: '.pdf,.doc,.docx,.odt,.jpg,.jpeg,.png,application/pdf'});
    const progress = el('progress', {max: '100', value: '0', class: 'upload-progress', hidden: true,
      'aria-label': 'Tiến độ tải lên'});
    const progressText = el('span', {class: 'upload-progress__text', 'aria-live': 'polite'});
    const errorSlot = el('div');
    const submit = el('button', {type: 'submit', class: 'button button--primary'}, 'Tải lên');
    let requestId = newRequestId();
    let lastFile = null;
    const form = el('form', {class: 'upload-form', 'aria-labelledby': 'upload-title'},
      el('h3', {id: 'upload-title'}, 'Đính kèm tài liệu'),
      field('Loại tài liệu', kindSelect), field('Tệp', fileInput, 'Tệp PDF, văn bản hoặc ảnh chụp; tối đa 20 MB.'),
      el('div', {class: 'upload-progress-row'}, progress, progressText), errorSlot, submit);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = fileInput.files[0];
      if (!file) return;
      if (lastFile !== file) { requestId = newRequestId(); lastFile = file; }
      replace(errorSlot);
      submit.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      replace(progressText, '0%');
      try {
        await uploadDocument({dossierId, kind: kindSelect.value, file, requestId,
          expectedVersion: ctx.dossier.version, onProgress: (sent, total) => {
            const pct = total ? Math.round((sent / total) * 100) : 0;
            progress.value = pct;
            replace(progressText, `${pct}%`);
          }});
        replace(progressText, 'Đã tải lên 100%');
        await afterCommand(null, `Đã đính kèm “${file.name}”.`);
      } catch (error) {
        replace(errorSlot, errorBox(error));
        submit.disabled = false;
      }
    });
    return form;
  }

  function watchDialog(dialog) {
    dialogOpen = true;
    dialog.addEventListener('close', () => {
      dialogOpen = false;
      if (pendingRefresh) { pendingRefresh = false; load().catch(() => {}); }
    });
  }

  function draw(ctx) {
    const {dossier} = ctx;
    const buttons = actionButtons(ctx, afterCommand);
    for (const button of buttons) {
      button.addEventListener('click', () => {
        const dialog = document.querySelector('dialog[open]');
        if (dialog) watchDialog(dialog);
      });
    }
    const voteOpen = dossier.vote && dossier.vote.status === 'VOTE_STATUS_OPEN';
    const iCanVote = ctx.allowedActions.includes('DOSSIER_ACTION_CAST_VOTE');
    replace(main, el('article', {class: 'page dossier', dataset: {state: dossier.state || '',
      version: String(dossier.version || 0)}},
      el('div', {class: 'page-head'},
        pageHeading(`Hồ sơ ${dossier.trackingCode || ''}`),
        el('p', {class: 'dossier__status'}, stateBadge(dossier.state), ' ', dossierFlags(dossier))),
      el('p', {class: 'lead'}, el('strong', {}, (dossier.nominee && dossier.nominee.name) || '—'), ' — ',
        ctx.award ? ctx.award.nameVi : dossier.awardCode, ` năm ${dossier.year || '—'}`),
      dl([
        ['Đơn vị đang giữ', [ctx.holderName, ` (${levelLabel(dossier.currentLevel)})`]],
        ['Đơn vị đề nghị', orgNameNode(dossier.originOrgId)],
        ['Ngày tạo', formatTimestamp(dossier.createdAt)],
        dossier.submittedAt ? ['Ngày nộp', formatTimestamp(dossier.submittedAt)] : null,
        ['Cập nhật', formatTimestamp(dossier.updatedAt)],
      ]),
      dossier.stateReasonVi ? el('div', {class: 'alert alert--warning'},
        dossier.state === 'DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT' ? 'Lý do trả lại: ' : 'Lý do: ', dossier.stateReasonVi)
        : null,
      el('section', {class: 'card actions', 'aria-labelledby': 'sec-actions'},
        el('h2', {id: 'sec-actions'}, 'Việc bạn có thể làm'),
        voteOpen && iCanVote ? noticeBox('Hội đồng đang bỏ phiếu và bạn chưa bỏ phiếu.') : null,
        voteOpen && !iCanVote && dossier.state === 'DOSSIER_STATE_COUNCIL_VOTING' ?
          el('p', {class: 'muted'}, `Đang bỏ phiếu: ${dossier.vote.votedCount || 0}/${dossier.vote.eligibleCount || 0} ` +
            'thành viên đã bỏ phiếu.') : null,
        buttons.length ? el('div', {class: 'button-row'}, buttons) :
          el('p', {class: 'muted'}, 'Hiện bạn không có thao tác nào với hồ sơ này.')),
      el('div', {class: 'dossier__grid'},
        el('div', {class: 'dossier__main'}, documentsSection(ctx), voteSection(ctx.votes), decisionSection(dossier),
          timeline(ctx.history)),
        el('div', {class: 'dossier__side'}, deadlineSection(dossier, ctx.history),
          printSection(dossier, ctx.history, ctx.votes), nomineeSection(dossier.nominee),
          awardHistorySection(dossier.nominee)))));
  }

  // A notification about this dossier: reload it (unless a dialog is open; then after it closes).
  function onNotification(event) {
    if (!event.detail || event.detail.dossierId !== dossierId) return;
    if (dialogOpen || document.querySelector('dialog[open]')) { pendingRefresh = true; return; }
    load().catch(() => {});
  }
  window.addEventListener('tdkt:notification', onNotification);

  try {
    await load();
  } catch (error) {
    replace(main, pageHeading('Hồ sơ'), errorBox(error));
  }
  return () => window.removeEventListener('tdkt:notification', onNotification);
}
