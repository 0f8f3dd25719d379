// "Signed in as X · sign out" in the header when the server requires logins (GET /api/v1/me); nothing otherwise.
import { getJson, postJson } from './util.js';

const TEXT = {
  vi: { signedIn: 'Đăng nhập: ', signOut: 'Đăng xuất' },
  en: { signedIn: 'Signed in as ', signOut: 'Sign out' },
};

export async function showSession(container, lang) {
  const me = await getJson('api/v1/me');
  if (!me || !me.login_required || !me.name || !container) {
    return;
  }
  const t = TEXT[lang] || TEXT.vi;
  const box = document.createElement('span');
  box.className = 'session';
  box.setAttribute('data-testid', 'session');
  const who = document.createElement('span');
  who.className = 'session-name';
  who.textContent = t.signedIn + me.name + (me.unit_name ? ' (' + me.unit_name + ')' : '');
  const out = document.createElement('button');
  out.type = 'button';
  out.className = 'toggle';
  out.id = 'sign-out';
  out.textContent = t.signOut;
  out.addEventListener('click', async () => {
    await postJson('api/v1/logout', {});
    location.assign('login.html');
  });
  box.append(who, document.createTextNode(' · '), out);
  container.prepend(box);
}
