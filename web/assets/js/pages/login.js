// Đăng nhập: username and password to the gateway's session (the cookie is HttpOnly; the CSRF token stays in
// memory), then back to the page the person wanted.
import {login} from '../api.js';
import {el, field, replace} from '../dom.js';
import {errorBox, pageHeading} from '../ui.js';
import {signedIn} from '../app.js';

export function render(main, {session}) {
  if (session) {
    location.hash = '#/inbox';
    return;
  }
  const errorSlot = el('div', {class: 'form-error'});
  const username = el('input', {type: 'text', name: 'username', autocomplete: 'username', required: true,
    autocapitalize: 'none', spellcheck: 'false'});
  const password = el('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true});
  const submit = el('button', {type: 'submit', class: 'button button--primary'}, 'Đăng nhập');
  const form = el('form', {class: 'card form login-form', 'aria-labelledby': 'login-title'},
    field('Tên đăng nhập', username), field('Mật khẩu', password), errorSlot, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(errorSlot);
    submit.disabled = true;
    try {
      const body = await login(username.value.trim(), password.value);
      await signedIn(body);
      const next = sessionStorage.getItem('tdkt:after-login');
      sessionStorage.removeItem('tdkt:after-login');
      location.hash = next && next !== '#/login' ? next : '#/inbox';
    } catch (error) {
      replace(errorSlot, errorBox(error));
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  const heading = pageHeading('Đăng nhập');
  heading.id = 'login-title';
  replace(main, el('section', {class: 'narrow'}, heading,
    el('p', {class: 'lead'}, 'Hệ thống quản lý hồ sơ đề nghị khen thưởng.'), form,
    el('p', {}, 'Muốn biết hồ sơ của mình đang ở đâu? ', el('a', {href: '#/status'}, 'Tra cứu bằng mã hồ sơ'),
      ' (không cần đăng nhập).')));
}
