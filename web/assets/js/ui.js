// Pieces every page uses: state badges, the deadline in working days, error and notice boxes, toasts, the
// page heading that takes focus after navigation, and a dialog helper on the native <dialog> (modal, focus kept
// inside by the browser, Esc closes it).
import {el, replace} from './dom.js';
import {STATE, label} from './labels.js';
import {formatDate, machineDate} from './dates.js';

// The state as a badge; RETURNED_FOR_SUPPLEMENT and COUNCIL_VOTING stand out (the inbox's "at a glance").
export function stateBadge(state) {
  const short = (state || '').replace('DOSSIER_STATE_', '').toLowerCase().replaceAll('_', '-');
  return el('span', {class: `badge badge--${short || 'unknown'}`}, label(STATE, state));
}

// Extra flags of a dossier: returned for supplement, vote open.
export function dossierFlags(dossier) {
  const flags = [];
  if (dossier.state === 'DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT') {
    flags.push(el('span', {class: 'flag flag--returned'}, 'Trả bổ sung'));
  }
  if (dossier.vote && dossier.vote.status === 'VOTE_STATUS_OPEN') {
    flags.push(el('span', {class: 'flag flag--voting'}, 'Đang biểu quyết'));
  }
  return flags;
}

// The deadline of the current level in working days: due date, what remains, overdue in red, paused.
export function deadlineSummary(deadline) {
  if (!deadline) return el('span', {class: 'muted'}, 'Không có thời hạn');
  const remaining = Number(deadline.workingDaysRemaining || 0);
  if (deadline.paused) {
    return el('span', {class: 'deadline deadline--paused'}, `Tạm dừng (trả bổ sung), còn ${remaining} ngày làm việc`);
  }
  const due = el('time', {datetime: machineDate(deadline.dueDate)}, formatDate(deadline.dueDate));
  if (deadline.overdue || remaining < 0) {
    return el('span', {class: 'deadline deadline--overdue'}, 'Quá hạn ', String(Math.abs(remaining)),
      ' ngày làm việc (hạn ', due, ')');
  }
  return el('span', {class: remaining <= 2 ? 'deadline deadline--soon' : 'deadline'},
    `Còn ${remaining} ngày làm việc (hạn `, due, ')');
}

export function errorBox(error) {
  return el('div', {class: 'alert alert--error', role: 'alert'}, error && error.message ? error.message : String(error));
}

export function noticeBox(text) {
  return el('div', {class: 'alert alert--info', role: 'status'}, text);
}

// A short message in the live region at the top of the page.
export function toast(text, {kind = 'info', timeout = 6000} = {}) {
  const holder = document.getElementById('toasts');
  if (!holder) return;
  const node = el('div', {class: `toast toast--${kind}`}, text);
  holder.append(node);
  setTimeout(() => node.remove(), timeout);
}

// The page's <h1>; focused after a route change so that a screen reader starts there.
export function pageHeading(text) {
  return el('h1', {class: 'page-title', tabindex: '-1'}, text);
}

export function focusHeading(main) {
  const heading = main.querySelector('h1');
  if (heading) heading.focus({preventScroll: false});
}

// A modal form in a native <dialog>: `build(form)` fills the form, `submit(formData, form)` runs the action and
// resolves when done (the dialog closes) or throws (the error is shown inside the dialog, which stays open).
export function formDialog({title, submitText, build, submit, danger = false}) {
  const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
  const errorSlot = el('div', {class: 'dialog__error'});
  const submitButton = el('button', {type: 'submit', class: danger ? 'button button--danger' : 'button button--primary'},
    submitText);
  const cancelButton = el('button', {type: 'button', class: 'button', onClick: () => dialog.close()}, 'Huỷ');
  const body = el('div', {class: 'dialog__body'});
  const form = el('form', {method: 'dialog', class: 'dialog__form', novalidate: false},
    el('h2', {id: titleId, class: 'dialog__title'}, title), body, errorSlot,
    el('div', {class: 'dialog__buttons'}, cancelButton, submitButton));
  const dialog = el('dialog', {class: 'dialog', 'aria-labelledby': titleId}, form);
  build(body, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    submitButton.disabled = true;
    replace(errorSlot);
    try {
      await submit(new FormData(form), form);
      dialog.close();
    } catch (error) {
      replace(errorSlot, errorBox(error));
    } finally {
      submitButton.disabled = false;
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  const first = body.querySelector('input, select, textarea');
  if (first) first.focus();
  return dialog;
}

// "Đang tải…" for a section still loading.
export function loading(text = 'Đang tải…') {
  return el('p', {class: 'loading', role: 'status'}, text);
}
