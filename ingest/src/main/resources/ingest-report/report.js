// The report form: a commune committee pastes its token once (kept in localStorage), picks a polling
// area of its scope (GET /api/v1/scope) and posts a reading to POST /api/v1/readings. Every text from
// the server or the registry is set with textContent, never as markup.
'use strict';

const TEXT = {
  vi: {
    title: 'Báo cáo số cử tri đã bỏ phiếu', other: 'English', tokenHeading: 'Mã báo cáo',
    tokenLabel: 'Dán mã báo cáo của đơn vị (chỉ cần một lần)', tokenSave: 'Lưu mã',
    tokenForget: 'Quên mã trên máy này', reportHeading: 'Nhập số liệu', areaLabel: 'Khu vực bỏ phiếu',
    votedLabel: 'Số cử tri đã bỏ phiếu', registeredLabel: 'Số cử tri trong danh sách (chỉ khi thay đổi)',
    send: 'Gửi báo cáo', sending: 'Đang gửi…', scope: (unit, count) => `Đơn vị: ${unit} — ${count} khu vực bỏ phiếu`,
    truncated: (shown, total) => ` (hiển thị ${shown} trên ${total})`,
    listed: n => `Danh sách: ${n} cử tri`, lastSent: (v, t) => `Lần gửi trước từ máy này: ${v} lúc ${t}`,
    accepted: 'Đã nhận báo cáo.', acceptedDetail: (v, a) => `${a}: ${v} cử tri đã bỏ phiếu.`,
    refused: 'Báo cáo chưa được nhận. Vui lòng sửa:', badToken: 'Mã báo cáo không đúng hoặc đã bị thu hồi.',
    busy: s => `Hệ thống đang bận. Vui lòng gửi lại sau ${s} giây.`,
    down: s => `Hệ thống tạm thời không ghi được dữ liệu. Vui lòng gửi lại sau ${s} giây; chưa có gì được ghi.`,
    network: 'Không kết nối được máy chủ. Kiểm tra mạng rồi gửi lại.',
    votedMissing: 'Hãy nhập số cử tri đã bỏ phiếu (số nguyên, từ 0 trở lên).',
    registeredBad: 'Số cử tri trong danh sách phải là số nguyên, từ 0 trở lên.',
    unexpected: s => `Máy chủ trả lời bất thường (HTTP ${s}).`
  },
  en: {
    title: 'Turnout report', other: 'Tiếng Việt', tokenHeading: 'Reporting token',
    tokenLabel: "Paste your unit's reporting token (once is enough)", tokenSave: 'Save token',
    tokenForget: 'Forget the token on this device', reportHeading: 'Enter the figures', areaLabel: 'Polling area',
    votedLabel: 'Voters who have voted', registeredLabel: 'Voters on the list (only if it changed)',
    send: 'Send report', sending: 'Sending…', scope: (unit, count) => `Unit: ${unit} — ${count} polling areas`,
    truncated: (shown, total) => ` (showing ${shown} of ${total})`,
    listed: n => `On the list: ${n} voters`, lastSent: (v, t) => `Last sent from this device: ${v} at ${t}`,
    accepted: 'Report received.', acceptedDetail: (v, a) => `${a}: ${v} voters have voted.`,
    refused: 'The report was not taken. Please correct:', badToken: 'The token is wrong or has been revoked.',
    busy: s => `The system is busy. Please send again in ${s} seconds.`,
    down: s => `The system cannot store readings right now. Please send again in ${s} seconds; nothing was stored.`,
    network: 'Cannot reach the server. Check the connection and send again.',
    votedMissing: 'Enter the number of voters who have voted (a whole number, 0 or more).',
    registeredBad: 'Voters on the list must be a whole number, 0 or more.',
    unexpected: s => `Unexpected answer from the server (HTTP ${s}).`
  }
};

const $ = id => document.getElementById(id);
const store = {
  get: key => { try { return localStorage.getItem(key); } catch (e) { return null; } },
  set: (key, value) => { try { localStorage.setItem(key, value); } catch (e) { /* private mode: works for this visit */ } },
  remove: key => { try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ } }
};
let lang = store.get('report.lang') === 'en' ? 'en' : 'vi';
let token = store.get('report.token');
let scope = null;
const t = key => TEXT[lang][key];

function applyLanguage() {
  document.documentElement.lang = lang;
  document.title = t('title');
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  $('lang').textContent = t('other');
  $('lang').lang = lang === 'vi' ? 'en' : 'vi';
  showScope();
  showAreaInfo();
}

function showAnswer(ok, heading, lines) {
  const answer = $('answer');
  answer.hidden = false;
  answer.className = ok ? 'ok' : 'error';
  $('answer-heading').textContent = heading;
  const list = $('answer-list');
  list.replaceChildren();
  for (const line of lines) {
    const li = document.createElement('li');
    li.textContent = line;
    list.appendChild(li);
  }
}

function showScope() {
  const p = $('scope');
  if (!scope) { p.hidden = true; return; }
  let text = t('scope')(scope.name, scope.total);
  if (scope.truncated) text += t('truncated')(scope.polling_areas.length, scope.total);
  p.textContent = text;
  p.hidden = false;
}

function showAreaInfo() {
  const info = $('area-info');
  const area = scope && scope.polling_areas.find(a => a.unit_id === $('area').value);
  if (!area) { info.textContent = ''; return; }
  let text = t('listed')(area.registered.toLocaleString(lang));
  const last = store.get('report.last.' + area.unit_id);
  if (last) {
    const sent = JSON.parse(last);
    text += ' · ' + t('lastSent')(sent.voted, new Date(sent.at).toLocaleTimeString(lang));
  }
  info.textContent = text;
}

function fillAreas() {
  const select = $('area');
  select.replaceChildren();
  const groups = new Map();
  for (const area of scope.polling_areas) {
    const key = area.parent_id || '';
    if (!groups.has(key)) {
      const group = document.createElement('optgroup');
      group.label = area.parent_name || scope.name;
      groups.set(key, group);
      select.appendChild(group);
    }
    const option = document.createElement('option');
    option.value = area.unit_id;
    option.textContent = area.name + ' (' + area.unit_id + ')';
    groups.get(key).appendChild(option);
  }
  const last = store.get('report.area');
  if (last && scope.polling_areas.some(a => a.unit_id === last)) select.value = last;
  showAreaInfo();
}

async function loadScope() {
  if (!token) { $('report-section').hidden = true; $('forget').hidden = true; return; }
  let response;
  try {
    response = await fetch('/api/v1/scope', { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
  } catch (e) {
    showAnswer(false, t('network'), []);
    return;
  }
  if (response.status === 401) {
    token = null;
    store.remove('report.token');
    showAnswer(false, t('badToken'), []);
    $('report-section').hidden = true;
    $('forget').hidden = true;
    return;
  }
  if (!response.ok) { showAnswer(false, t('unexpected')(response.status), []); return; }
  scope = await response.json();
  $('token-form').hidden = true;
  $('forget').hidden = false;
  $('report-section').hidden = false;
  showScope();
  fillAreas();
}

/** ISO-8601 local time with this device's offset, e.g. 2026-03-15T09:30:00+07:00. */
function localIsoNow(now) {
  const pad = n => String(Math.abs(n)).padStart(2, '0');
  const offset = -now.getTimezoneOffset();
  return now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate()) + 'T' + pad(now.getHours())
    + ':' + pad(now.getMinutes()) + ':' + pad(now.getSeconds()) + (offset >= 0 ? '+' : '-')
    + pad(Math.trunc(offset / 60)) + ':' + pad(offset % 60);
}

/**
 * seq: the current time in epoch seconds, so two devices of one committee never go backwards and the
 * later report wins; and at least one more than the last seq this device sent for the area, so two
 * sends within one second both count.
 */
function nextSeq(areaId, now) {
  const key = 'report.seq.' + areaId;
  const last = Number(store.get(key) || 0);
  const seq = Math.max(Math.floor(now.getTime() / 1000), last + 1);
  store.set(key, String(seq));
  return seq;
}

function wholeNumber(text) {
  return /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : null;
}

async function sendReport(event) {
  event.preventDefault();
  const areaId = $('area').value;
  const voted = wholeNumber($('voted').value);
  const registeredText = $('registered').value.trim();
  const registered = registeredText === '' ? undefined : wholeNumber(registeredText);
  if (voted === null) { showAnswer(false, t('refused'), [t('votedMissing')]); $('voted').focus(); return; }
  if (registered === null) { showAnswer(false, t('refused'), [t('registeredBad')]); $('registered').focus(); return; }
  const now = new Date();
  const reading = { station_id: areaId, source: 'main', seq: nextSeq(areaId, now), observed_at: localIsoNow(now), voted };
  if (registered !== undefined) reading.registered = registered;
  const button = $('send');
  button.disabled = true;
  button.textContent = t('sending');
  try {
    const response = await fetch('/api/v1/readings', {
      method: 'POST', cache: 'no-store', body: JSON.stringify(reading),
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }
    });
    const retry = response.headers.get('Retry-After') || '5';
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    const messages = body && Array.isArray(body.errors) ? body.errors.map(e => e.field + ': ' + e.message) : [];
    const area = scope.polling_areas.find(a => a.unit_id === areaId);
    if (response.status === 202) {
      store.set('report.last.' + areaId, JSON.stringify({ voted, at: now.getTime() }));
      showAnswer(true, t('accepted'), [t('acceptedDetail')(voted, area ? area.name : areaId)]);
      $('voted').value = '';
      $('registered').value = '';
      showAreaInfo();
    } else if (response.status === 401) {
      showAnswer(false, t('badToken'), messages);
    } else if (response.status === 429) {
      showAnswer(false, t('busy')(retry), messages);
    } else if (response.status === 503) {
      showAnswer(false, t('down')(retry), messages);
    } else if (response.status >= 400 && response.status < 500) {
      showAnswer(false, t('refused'), messages);
    } else {
      showAnswer(false, t('unexpected')(response.status), messages);
    }
  } catch (e) {
    showAnswer(false, t('network'), []);
  } finally {
    button.disabled = false;
    button.textContent = t('send');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  applyLanguage();
  $('lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi';
    store.set('report.lang', lang);
    applyLanguage();
  });
  $('token-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) return;
    token = value;
    store.set('report.token', token);
    $('token').value = '';
    $('answer').hidden = true;
    loadScope();
  });
  $('forget').addEventListener('click', () => {
    token = null;
    scope = null;
    store.remove('report.token');
    $('token-form').hidden = false;
    $('answer').hidden = true;
    loadScope();
    showScope();
  });
  $('area').addEventListener('change', () => { store.set('report.area', $('area').value); showAreaInfo(); });
  $('report-form').addEventListener('submit', sendReport);
  loadScope();
});
