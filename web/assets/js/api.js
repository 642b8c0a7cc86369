// The gateway's HTTP API (docs/web-console.md): the browser session (cookie + CSRF token), the RPCs as
// POST /api/v1/<service>/<Method> with protobuf JSON bodies, uploads, downloads and errors. Every error the
// console shows comes from here as an ApiError with a Vietnamese message: the service's own (the JSON error
// body's `message`), else one made from the status.

let csrfToken = '';

// An error from the gateway, or from the network: `code` is the gRPC code name (UNAVAILABLE when the gateway
// cannot be reached), `status` the HTTP status (0 for the network).
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const MESSAGE_BY_CODE = {
  INVALID_ARGUMENT: 'Dữ liệu gửi lên không hợp lệ.',
  FAILED_PRECONDITION: 'Thao tác không thực hiện được ở trạng thái hiện tại của hồ sơ.',
  UNAUTHENTICATED: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
  PERMISSION_DENIED: 'Bạn không có quyền thực hiện thao tác này.',
  NOT_FOUND: 'Không tìm thấy.',
  ALREADY_EXISTS: 'Đã tồn tại.',
  ABORTED: 'Hồ sơ vừa được người khác thay đổi; hãy tải lại trang và thử lại.',
  RESOURCE_EXHAUSTED: 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.',
  UNAVAILABLE: 'Máy chủ tạm thời không phản hồi, vui lòng thử lại.',
  DEADLINE_EXCEEDED: 'Máy chủ phản hồi quá chậm, vui lòng thử lại.',
};

const CODE_BY_STATUS = {400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
  409: 'ABORTED', 413: 'INVALID_ARGUMENT', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED'};

// The Vietnamese text for an error body (parsed JSON or null) of HTTP status `status`.
export function errorFrom(status, body) {
  const code = (body && typeof body.code === 'string' && body.code) || CODE_BY_STATUS[status] || 'INTERNAL';
  let message = body && typeof body.message === 'string' && body.message.trim() ? body.message : '';
  if (!message) {
    message = status === 413 ? 'Dữ liệu gửi lên quá lớn.' :
      MESSAGE_BY_CODE[code] || `Máy chủ gặp lỗi (HTTP ${status}).`;
  }
  return new ApiError(status, code, message.normalize('NFC'));
}

function networkError() {
  return new ApiError(0, 'UNAVAILABLE', 'Không kết nối được tới máy chủ. Kiểm tra mạng rồi thử lại.');
}

// An idempotency key for a command (request_id): a UUID, from crypto.randomUUID where the page is a secure
// context, else from crypto.getRandomValues.
export function newRequestId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Tells the application that the session is gone (a 401 from an authenticated call).
function sessionLost() {
  window.dispatchEvent(new CustomEvent('tdkt:session-lost'));
}

async function parseJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function send(method, url, body, {authenticated = true} = {}) {
  const headers = {'Accept': 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store'});
  } catch {
    throw networkError();
  }
  const data = await parseJson(response);
  if (!response.ok) {
    const error = errorFrom(response.status, data);
    if (response.status === 401 && authenticated) sessionLost();
    throw error;
  }
  return data || {};
}

// ---- session ----

// The current session ({identity, csrfToken}) or null when there is none.
export async function currentSession() {
  try {
    const session = await send('GET', '/api/v1/session', undefined, {authenticated: false});
    csrfToken = session.csrfToken || '';
    return session;
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

export async function login(username, password) {
  const session = await send('POST', '/api/v1/session/login', {username, password}, {authenticated: false});
  csrfToken = session.csrfToken || '';
  return session;
}

export async function logout() {
  try {
    await send('POST', '/api/v1/session/logout', undefined, {authenticated: false});
  } finally {
    csrfToken = '';
  }
}

// ---- RPCs ----

// POST /api/v1/<service>/<Method> with `request` (protobuf JSON mapping); resolves to the response message.
export function call(service, method, request = {}) {
  return send('POST', `/api/v1/${service}/${method}`, request);
}

// The public status lookup (no session).
export function publicStatus(trackingCode) {
  return send('POST', '/api/v1/dossier/GetPublicStatus', {trackingCode}, {authenticated: false});
}

// ---- documents ----

async function sha256Hex(file) {
  if (!crypto.subtle) return '';
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

// Uploads `file` as a document of `kind` with XMLHttpRequest, so that the upload's progress can be shown:
// onProgress(sentBytes, totalBytes). Resolves to the UploadDocumentResponse.
export async function uploadDocument({dossierId, kind, file, requestId, expectedVersion, onProgress}) {
  const params = new URLSearchParams({
    dossierId, kind, fileName: file.name.normalize('NFC'), mediaType: file.type || 'application/octet-stream',
    sizeBytes: String(file.size), requestId, expectedVersion: String(expectedVersion || 0),
  });
  const sha = await sha256Hex(file);
  if (sha) params.set('sha256', sha);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/dossier/UploadDocument?${params}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (e) => {
      if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (onProgress) onProgress(file.size, file.size);
        resolve(body || {});
      } else {
        if (xhr.status === 401) sessionLost();
        reject(errorFrom(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'CANCELLED', 'Đã huỷ tải lên.')));
    xhr.send(file);
  });
}

// Where a document's bytes are (GET, the session cookie authenticates it).
export function documentUrl(dossierId, documentId) {
  return `/api/v1/dossier/GetDocumentContent?${new URLSearchParams({dossierId, documentId})}`;
}

// The document's bytes as a Blob (to view it in a new tab).
export async function fetchDocument(dossierId, documentId) {
  let response;
  try {
    response = await fetch(documentUrl(dossierId, documentId), {credentials: 'same-origin'});
  } catch {
    throw networkError();
  }
  if (!response.ok) {
    if (response.status === 401) sessionLost();
    throw errorFrom(response.status, await parseJson(response));
  }
  return response.blob();
}
