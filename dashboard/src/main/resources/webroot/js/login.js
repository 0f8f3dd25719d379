// The login page: posts name and password to /api/v1/login (the server sets an HttpOnly session cookie),
// then goes back to the page the browser came from. Text only through textContent.

const TEXT = {
  vi: {
    title: 'Theo dõi cử tri đi bầu', lead: 'Đăng nhập để xem số liệu của đơn vị bạn.', name: 'Tên đăng nhập',
    password: 'Mật khẩu', submit: 'Đăng nhập', lang: 'English', langHref: '?lang=en',
    wrong: 'Sai tên đăng nhập hoặc mật khẩu.', missing: 'Hãy nhập tên đăng nhập và mật khẩu.',
    throttled: 'Sai quá nhiều lần. Thử lại sau {s} giây.',
    tooManyFromAddress: 'Quá nhiều lần đăng nhập từ địa chỉ này. Thử lại sau {s} giây.',
    busy: 'Máy chủ đang bận kiểm tra các lần đăng nhập khác. Thử lại sau {s} giây.', noLogins: 'Máy chủ này không yêu cầu đăng nhập.',
    failed: 'Không kết nối được máy chủ. Thử lại.', denied: 'Phần vừa mở nằm ngoài đơn vị của tài khoản này.', docTitle: 'Đăng nhập · Theo dõi cử tri đi bầu',
  },
  en: {
    title: 'Voter turnout monitor', lead: 'Sign in to see the figures of your unit.', name: 'User name',
    password: 'Password', submit: 'Sign in', lang: 'Tiếng Việt', langHref: '?lang=vi',
    wrong: 'Wrong name or password.', missing: 'Enter your name and password.',
    throttled: 'Too many failed attempts. Try again in {s} s.',
    tooManyFromAddress: 'Too many sign-in attempts from this address. Try again in {s} s.',
    busy: 'The server is busy checking other sign-ins. Try again in {s} s.', noLogins: 'This server needs no login.',
    failed: 'Cannot reach the server. Try again.', denied: 'That view is outside the unit of this login.', docTitle: 'Sign in · Voter turnout monitor',
  },
};

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'vi';
const t = TEXT[lang];

/** Only a path of this site: never an absolute or protocol-relative address (no open redirect). */
function nextPath() {
  const next = params.get('next');
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    return next;
  }
  return '/' + (lang === 'en' ? '?lang=en' : '');
}

function setText(id, text) {
  document.getElementById(id).textContent = text;
}

function translate() {
  document.documentElement.lang = lang;
  document.title = t.docTitle;
  setText('login-title', t.title);
  setText('login-lead', params.get('denied') ? t.denied : t.lead);
  setText('login-name-label', t.name);
  setText('login-password-label', t.password);
  setText('login-submit', t.submit);
  const link = document.getElementById('login-lang');
  link.textContent = t.lang;
  const other = new URLSearchParams(params);
  other.set('lang', lang === 'en' ? 'vi' : 'en');
  link.href = '?' + other.toString();
}

/** The words for a 429 or 503 by the server's stable code (its error text is English only). */
function refusal(body, retryAfter) {
  const code = body && typeof body.code === 'string' ? body.code : '';
  const text = code === 'login_checks_busy' ? t.busy
    : code.endsWith('_from_address') ? t.tooManyFromAddress : t.throttled;
  return text.replace('{s}', retryAfter || '?');
}

async function submit(event) {
  event.preventDefault();
  const name = document.getElementById('login-name').value.trim();
  const password = document.getElementById('login-password').value;
  const button = document.getElementById('login-submit');
  if (!name || !password) {
    setText('login-error', t.missing);
    return;
  }
  setText('login-error', '');
  button.disabled = true;
  try {
    const r = await fetch('api/v1/login', {
      method: 'POST', cache: 'no-store', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    if (r.ok) {
      location.replace(nextPath());
      return;
    }
    if (r.status === 429 || r.status === 503) {
      setText('login-error', refusal(await r.json().catch(() => null), r.headers.get('Retry-After')));
    } else if (r.status === 404) {
      setText('login-error', t.noLogins);
    } else {
      setText('login-error', t.wrong);
    }
  } catch (e) {
    setText('login-error', t.failed);
  } finally {
    button.disabled = false;
  }
  document.getElementById('login-password').select();
}

translate();
document.getElementById('login-form').addEventListener('submit', submit);
