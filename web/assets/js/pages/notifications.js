// Thông báo: my notifications (unread first, newest first), a page at a time; mark one, or every one seen so
// far, read (MarkRead). New ones arriving on the live stream are added at the top.
import {call, newRequestId} from '../api.js';
import {el, replace} from '../dom.js';
import {formatTimestamp} from '../dates.js';
import {SEVERITY, label} from '../labels.js';
import {setUnread, unreadCount} from '../notify.js';
import {errorBox, loading, pageHeading, toast} from '../ui.js';

const PAGE_SIZE = 20;

// "/dossiers/<id>" (the notifier's relative console path) → "#/dossiers/<id>".
function linkOf(n) {
  if (n.link && n.link.startsWith('/')) return `#${n.link}`;
  if (n.dossierId) return `#/dossiers/${encodeURIComponent(n.dossierId)}`;
  return null;
}

export async function render(main, {stale}) {
  const list = el('ol', {class: 'notifications', 'aria-live': 'polite'});
  const holder = el('div', {}, loading());
  const summary = el('p', {class: 'muted', role: 'status'});
  const tokens = [''];
  let pageIndex = 0;
  let shown = [];
  let nextToken = '';
  let unreadOnly = false;
  const pager = el('nav', {class: 'pager', 'aria-label': 'Phân trang thông báo'});

  async function markRead(ids, all = false) {
    const request = {requestId: newRequestId()};
    if (all) {
      request.all = true;
      const maxId = shown.reduce((m, n) => (BigInt(n.id) > BigInt(m) ? n.id : m), '0');
      if (maxId !== '0') request.upToNotificationId = maxId;
    } else {
      request.notificationIds = ids;
    }
    try {
      const response = await call('notifier', 'MarkRead', request);
      setUnread(response.unreadCount || 0, all ? shown.map((n) => n.id) : ids);
      const now = new Date().toISOString();
      for (const n of shown) if (all || ids.includes(n.id)) n.readAt = n.readAt || now;
      draw(response.unreadCount || 0);
    } catch (error) {
      toast(error.message, {kind: 'error'});
    }
  }

  function item(n) {
    const href = linkOf(n);
    const unread = !n.readAt;
    return el('li', {class: `notification${unread ? ' notification--unread' : ''} notification--${
      (n.severity || '').replace('NOTIFICATION_SEVERITY_', '').toLowerCase()}`, dataset: {id: n.id}},
      el('div', {class: 'notification__head'},
        el('span', {class: 'notification__severity'}, label(SEVERITY, n.severity, 'Thông tin')),
        unread ? el('span', {class: 'notification__new'}, 'Chưa đọc') : null,
        el('time', {class: 'muted', datetime: n.createdAt || ''}, formatTimestamp(n.createdAt))),
      el('h2', {class: 'notification__title'}, href ? el('a', {href, onClick: () => {
        if (unread) markRead([n.id]);
      }}, n.titleVi || 'Thông báo') : n.titleVi || 'Thông báo'),
      n.bodyVi ? el('p', {class: 'notification__body'}, n.bodyVi) : null,
      unread ? el('button', {type: 'button', class: 'button button--small', onClick: () => markRead([n.id])},
        'Đánh dấu đã đọc', el('span', {class: 'visually-hidden'}, `: ${n.titleVi || ''}`)) : null);
  }

  function draw(unreadCount) {
    replace(summary, `${unreadCount} thông báo chưa đọc`);
    replace(list, shown.map(item));
    replace(holder, shown.length ? list : el('p', {class: 'empty'}, 'Không có thông báo nào.'));
    replace(pager,
      el('button', {type: 'button', class: 'button', disabled: pageIndex === 0, onClick: () => {
        pageIndex -= 1;
        load();
      }}, '← Trang trước'),
      el('span', {class: 'pager__page'}, `Trang ${pageIndex + 1}`),
      el('button', {type: 'button', class: 'button', disabled: !nextToken, onClick: () => {
        tokens[pageIndex + 1] = nextToken;
        pageIndex += 1;
        load();
      }}, 'Trang sau →'));
  }

  async function load() {
    replace(holder, loading());
    try {
      const response = await call('notifier', 'ListNotifications', {unreadOnly,
        page: {pageSize: PAGE_SIZE, pageToken: tokens[pageIndex]}});
      if (stale()) return;
      shown = response.notifications || [];
      nextToken = (response.page && response.page.nextPageToken) || '';
      setUnread(response.unreadCount || 0);
      draw(response.unreadCount || 0);
    } catch (error) {
      replace(holder, errorBox(error));
    }
  }

  const onlyUnread = el('input', {type: 'checkbox', id: 'only-unread'});
  onlyUnread.addEventListener('change', () => {
    unreadOnly = onlyUnread.checked;
    tokens.length = 1;
    pageIndex = 0;
    load();
  });

  function onNotification(event) {
    const n = event.detail;
    if (pageIndex !== 0 || shown.some((s) => s.id === n.id)) return;
    shown.unshift(n);
    if (shown.length > PAGE_SIZE) shown.pop();
    draw(unreadCount());
  }
  window.addEventListener('tdkt:notification', onNotification);

  replace(main, el('section', {class: 'page'},
    el('div', {class: 'page-head'}, pageHeading('Thông báo'),
      el('button', {type: 'button', class: 'button', onClick: () => markRead([], true)}, 'Đánh dấu tất cả đã đọc')),
    el('div', {class: 'toolbar'}, el('div', {class: 'choice'}, onlyUnread,
      el('label', {for: 'only-unread'}, 'Chỉ hiện thông báo chưa đọc'))),
    summary, holder, pager));
  await load();
  return () => window.removeEventListener('tdkt:notification', onNotification);
}
