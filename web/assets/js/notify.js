// The notification bell: the unread count, kept live by an EventSource on the gateway's
// /api/v1/notifier/WatchNotifications (one SSE event per notification; the browser resends the last id it saw
// as Last-Event-ID when it reconnects, so nothing is missed or counted twice). New notifications are announced
// in the live region and passed on as a window event `tdkt:notification` (detail = the Notification), which
// open pages use to refresh themselves.
import {call} from './api.js';
import {el, replace, svg} from './dom.js';
import {toast} from './ui.js';

let source = null;
let unread = 0;
let counted = new Set();  // ids of unread notifications included in `unread`
let bell = null;

function render() {
  if (!bell) return;
  const text = unread === 0 ? 'Thông báo: không có thông báo chưa đọc' :
    `Thông báo: ${unread} thông báo chưa đọc`;
  bell.setAttribute('aria-label', text);
  bell.title = text;
  const count = bell.querySelector('.bell__count');
  replace(count, unread > 0 ? String(unread > 99 ? '99+' : unread) : '');
  count.classList.toggle('bell__count--zero', unread === 0);
}

// The bell's link, for the header.
export function bellNode() {
  bell = el('a', {class: 'bell', href: '#/notifications', id: 'bell'},
    svg('svg', {class: 'bell__icon', viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false'},
      svg('path', {d: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 ' +
        '1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z'})),
    el('span', {class: 'bell__count', 'aria-hidden': 'true', 'data-testid': 'unread-count'}));
  render();
  return bell;
}

export function unreadCount() {
  return unread;
}

// Sets the count from the server's answer (MarkRead / ListNotifications give the remaining unread count).
export function setUnread(count, readIds = []) {
  unread = Math.max(0, Number(count || 0));
  for (const id of readIds) counted.delete(id);
  render();
}

function onNotification(event) {
  let notification;
  try {
    notification = JSON.parse(event.data);
  } catch {
    return;
  }
  if (!notification || !notification.id) return;
  if (!notification.readAt && !counted.has(notification.id)) {
    counted.add(notification.id);
    unread += 1;
    render();
    toast(`Thông báo mới: ${notification.titleVi || ''}`);
  }
  window.dispatchEvent(new CustomEvent('tdkt:notification', {detail: notification}));
}

// Starts the live count for the signed-in person: the unread count and the newest id from ListNotifications,
// then the stream from after that id (so that the replay does not count the same notifications again).
export async function startNotifications() {
  stopNotifications();
  let afterId = '';
  try {
    const unreadPage = await call('notifier', 'ListNotifications', {unreadOnly: true, page: {pageSize: 1}});
    unread = Number(unreadPage.unreadCount || 0);
    if (unreadPage.notifications && unreadPage.notifications.length) {
      afterId = unreadPage.notifications[0].id;
    } else {
      const any = await call('notifier', 'ListNotifications', {page: {pageSize: 1}});
      if (any.notifications && any.notifications.length) afterId = any.notifications[0].id;
    }
  } catch {
    unread = 0;
  }
  counted = new Set();
  render();
  const url = `/api/v1/notifier/WatchNotifications${afterId ? `?afterId=${encodeURIComponent(afterId)}` : ''}`;
  source = new EventSource(url, {withCredentials: true});
  source.addEventListener('notification', onNotification);
  if (bell) bell.dataset.live = 'connecting';
  source.addEventListener('open', () => { if (bell) bell.dataset.live = 'open'; });
  source.addEventListener('error', () => { if (bell) bell.dataset.live = 'reconnecting'; });
}

export function stopNotifications() {
  if (source) source.close();
  source = null;
  unread = 0;
  counted = new Set();
  render();
}
