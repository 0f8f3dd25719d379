// Small helpers shared by the page's modules: DOM and SVG builders (text only, never HTML strings),
// number and time formats in the page's language and the data's time zone, and JSON fetches that fail softly.

const SVG_NS = 'http://www.w3.org/2000/svg';

export const $ = (id) => document.getElementById(id);

/** An element with a class and a text; registry and alert texts only ever pass through textContent. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  return e;
}

/** An SVG element with attributes (numbers or plain strings) and an optional text. */
export function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs || {}).forEach((k) => e.setAttribute(k, String(attrs[k])));
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  return e;
}

export function button(className, text, onClick) {
  const b = el('button', className, text);
  b.type = 'button';
  if (onClick) {
    b.addEventListener('click', onClick);
  }
  return b;
}

export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/** Formats for one language; times always in the zone the data belongs to (meta.zone), not the browser's. */
export function formatters(locale, zone) {
  const tz = zone || 'Asia/Ho_Chi_Minh';
  const safe = (options) => {
    try {
      return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: tz }, options));
    } catch (e) {
      return new Intl.DateTimeFormat(locale, options); // an unknown zone name: browser zone rather than nothing
    }
  };
  return {
    int: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    pct: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    pct1: new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 1 }),
    dateTime: safe({ day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
      second: '2-digit', hourCycle: 'h23' }),
    hm: safe({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    dayHm: safe({ day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    parts: safe({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      hourCycle: 'h23' })
  };
}

/** Local calendar day and minute of day of an instant in the formatter's zone. */
export function localClock(fmt, date) {
  const p = {};
  fmt.parts.formatToParts(date).forEach((x) => {
    p[x.type] = x.value;
  });
  return { day: p.year + '-' + p.month + '-' + p.day, minute: (Number(p.hour) % 24) * 60 + Number(p.minute) };
}

export function parseTime(iso) {
  if (!iso) {
    return null;
  }
  const d = new Date(iso);
  return isNaN(d.getTime()) ? null : d;
}

/** "09:30" as minutes of the day, or null. */
export function minuteOfDay(hhmm) {
  const m = /^(\d{1,2}):(\d{2})/.exec(String(hhmm || ''));
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** GET a JSON document; null (never an exception) when the server or the network cannot answer. */
export async function getJson(url, timeoutMs) {
  const reply = await getReply(url, timeoutMs);
  return reply.ok ? reply.json : null;
}

/**
 * GET a JSON document keeping the status and the body of a refusal ({ ok, status, json }): for the answers whose
 * 400 says something the page shows (time travel). Status 0 when the network or the server did not answer.
 */
export async function getReply(url, timeoutMs) {
  const ctrl = new AbortController();
  const timer = window.setTimeout(() => ctrl.abort(), timeoutMs || 8000);
  try {
    const r = await fetch(url, { cache: 'no-store', signal: ctrl.signal, headers: { Accept: 'application/json' } });
    toLogin(r.status);
    const json = await r.json().catch(() => null);
    return { ok: r.ok && json !== null, status: r.status, json };
  } catch (e) {
    return { ok: false, status: 0, json: null };
  } finally {
    window.clearTimeout(timer);
  }
}

/**
 * Without a session (401) the browser goes to the login page and comes back here after it; a view outside
 * the login's unit (403) goes there too, to sign in as someone else, then back to the login's own unit.
 */
export function toLogin(status) {
  if (status !== 401 && status !== 403) {
    return;
  }
  const here = location.pathname + location.search + location.hash;
  const next = status === 401 ? here : '/' + location.search;
  location.assign('login.html?' + (status === 403 ? 'denied=1&' : '') + 'next=' + encodeURIComponent(next));
}

export async function postJson(url, body) {
  return sendJson('POST', url, body);
}

/** A write with a JSON body (POST, DELETE ...): {ok, status, json}, never an exception; a 401 goes to the login. */
export async function sendJson(method, url, body) {
  try {
    const r = await fetch(url, {
      method, cache: 'no-store', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body)
    });
    const json = await r.json().catch(() => null);
    if (r.status === 401) {
      toLogin(401);
    }
    return { ok: r.ok, status: r.status, json };
  } catch (e) {
    return { ok: false, status: 0, json: null };
  }
}

export function storageGet(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null; // storage may be disabled on kiosk browsers
  }
}

export function storageSet(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch (e) {
    // ignore
  }
}

/** Calls fn now and every periodMs, never overlapping itself; returns a stop function. */
export function every(periodMs, fn) {
  let timer = null;
  let stopped = false;
  const run = async () => {
    try {
      await fn();
    } finally {
      if (!stopped) {
        timer = window.setTimeout(run, periodMs);
      }
    }
  };
  run();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
