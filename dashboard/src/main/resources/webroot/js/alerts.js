// The alert feed: state from the websocket's alerts frames (full replaces, partial upserts by alert_id), or
// GET /api/v1/alerts when the socket has none; filters, acknowledgement (POST .../ack) and per-tile counts.
import { $, el, button, fill, getJson, postJson, parseTime, storageGet, storageSet } from './util.js';

const MAX_ALERTS = 2000;
const MAX_ROWS = 150;
const FALLBACK_AFTER_MS = 5000;
const FALLBACK_REFRESH_MS = 15000;
const KINDS = ['OVER_100_PERCENT', 'COUNTER_DECREASE', 'SURGE', 'SILENT_STATION', 'JUMP_TO_100_BEFORE_CHECKPOINT', 'LAGGING_PEERS',
  'BELOW_TARGET_AT_CLOSE', 'TURNOUT_BELOW']; // model's AnomalyKind; any other kind is listed as given
const SEVERITIES = ['critical', 'warning', 'info'];
const SEP = ' › ';

export function createAlerts(app) {
  const alerts = new Map();
  const ackErrors = new Set();
  let signedIn = false; // with logins the server names the acknowledger; the operator field is not used
  const pending = new Set();
  let gotFrame = false;
  let failed = false;
  let fallbackTimer = null;

  const isActive = (a) => a.state === 'firing' || a.state === 'pending';
  const lastTime = (a) => String(a.ended_at || a.started_at || '');

  // ---- state ----------------------------------------------------------------------------------

  function upsert(list) {
    (Array.isArray(list) ? list : []).forEach((a) => {
      if (a && typeof a.alert_id === 'string') {
        alerts.set(a.alert_id, a);
      }
    });
    trim();
  }

  /** Bounded memory: drop the oldest resolved alerts first, active ones only if nothing else is left. */
  function trim() {
    if (alerts.size <= MAX_ALERTS) {
      return;
    }
    const order = Array.from(alerts.values()).sort((a, b) => (isActive(a) - isActive(b)) || lastTime(a).localeCompare(lastTime(b)));
    order.slice(0, alerts.size - MAX_ALERTS).forEach((a) => alerts.delete(a.alert_id));
  }

  function onFrame(msg) {
    gotFrame = true;
    failed = false;
    if (msg.full) {
      alerts.clear();
    }
    upsert(msg.alerts);
    changed();
  }

  async function loadFromRest() {
    const list = await getJson('api/v1/alerts?state=all&limit=1000');
    if (gotFrame) {
      return;
    }
    failed = !Array.isArray(list);
    if (!failed) {
      alerts.clear();
      upsert(list);
    }
    changed();
  }

  function connected() {
    gotFrame = false;
    window.clearTimeout(fallbackTimer);
    const fallback = async () => {
      if (!gotFrame) {
        await loadFromRest();
        fallbackTimer = window.setTimeout(fallback, FALLBACK_REFRESH_MS);
      }
    };
    fallbackTimer = window.setTimeout(fallback, FALLBACK_AFTER_MS);
  }

  function changed() {
    render();
    if (app.onAlertsChanged) {
      app.onAlertsChanged();
    }
  }

  // ---- where an alert belongs -------------------------------------------------------------------

  function pathNames(a) {
    return typeof a.path === 'string' && a.path ? a.path.split(SEP) : [];
  }

  /** The tile (child of the root) an alert's unit lies in, from its id or its path of names. */
  function tileOf(a, tileIds, byName) {
    if (tileIds.indexOf(a.unit_id) >= 0) {
      return a.unit_id;
    }
    if (app.path.length > 1 && (a.unit_id === app.viewId || app.childIds.indexOf(a.unit_id) >= 0)) {
      return app.path[1].unit_id;
    }
    const names = pathNames(a);
    return names.length > 1 ? byName.get(names[1]) || null : null;
  }

  function countsByTile(tileIds) {
    const byName = new Map();
    tileIds.forEach((id) => {
      const u = app.units.get(id);
      if (u) {
        byName.set(u.name, id);
      }
    });
    const counts = new Map();
    alerts.forEach((a) => {
      if (isActive(a)) {
        const tile = tileOf(a, tileIds, byName);
        if (tile) {
          counts.set(tile, (counts.get(tile) || 0) + 1);
        }
      }
    });
    return counts;
  }

  function inView(a) {
    if (!app.viewId || app.viewId === app.rootId) {
      return true;
    }
    if (a.unit_id === app.viewId || app.childIds.indexOf(a.unit_id) >= 0) {
      return true;
    }
    const view = app.path.map((p) => p.name).join(SEP);
    return typeof a.path === 'string' && view !== '' && (a.path === view || a.path.startsWith(view + SEP));
  }

  // ---- filters ------------------------------------------------------------------------------------

  const f = { state: 'active', severity: '', kind: '', unacked: false, inView: false };

  function options(select, list, value) {
    select.replaceChildren(...list.map((o) => {
      const opt = el('option', null, o[1]);
      opt.value = o[0];
      opt.selected = o[0] === value;
      return opt;
    }));
  }

  let filtersShown = '';

  /** Rebuilt only when the language or the set of kinds changes, so an open list is not closed under the user. */
  function renderFilters() {
    const t = app.t();
    const kindsSeen = [];
    alerts.forEach((a) => {
      if (KINDS.indexOf(a.kind) < 0 && kindsSeen.indexOf(a.kind) < 0) {
        kindsSeen.push(a.kind);
      }
    });
    const signature = app.lang + '|' + kindsSeen.sort().join(',');
    if (signature === filtersShown) {
      return;
    }
    filtersShown = signature;
    options($('f-state'), [['active', t.filterActive], ['all', t.filterAll], ['resolved', t.filterResolved]], f.state);
    options($('f-severity'), [['', t.filterAll]].concat(SEVERITIES.map((s) => [s, t.severity[s]])), f.severity);
    const kinds = KINDS.concat(kindsSeen);
    options($('f-kind'), [['', t.filterAll]].concat(kinds.map((k) => [k, t.kinds[k] || k])), f.kind);
    $('operator').placeholder = t.operatorPlaceholder;
  }

  function passes(a) {
    return (f.state === 'all' || (f.state === 'active' ? isActive(a) : a.state === 'resolved'))
      && (!f.severity || a.severity === f.severity)
      && (!f.kind || a.kind === f.kind)
      && (!f.unacked || !a.ack)
      && (!f.inView || inView(a));
  }

  // ---- rows ---------------------------------------------------------------------------------------

  /**
   * "since 08:03, for 39 min": the duration runs to the data clock (the latest observation), not to the
   * browser's clock, so a replay or a fast simulation reads right. No duration while the clock is unknown or
   * behind the alert (the detectors can be ahead of the turnout figures for a moment).
   */
  function whenText(a) {
    const t = app.t();
    if (a.state === 'resolved' && parseTime(a.ended_at)) {
      return fill(t.sinceEnded, { at: app.clockText(a.started_at), end: app.clockText(a.ended_at) });
    }
    const m = app.minutesToClock(a.started_at);
    const at = app.clockText(a.started_at);
    return m === null ? fill(t.sinceAt, { at }) : fill(t.since, { at, d: app.silentText(m, true) });
  }

  const whenShown = new Map(); // alert id -> [span, alert] of the rows on screen

  /** The alert's message in the page's language: message_vi on the Vietnamese page when the job wrote one. */
  function messageText(a) {
    return (app.lang === 'vi' && a.message_vi) || a.message || '';
  }

  function clockChanged() {
    whenShown.forEach((entry) => {
      entry[0].textContent = whenText(entry[1]);
    });
  }

  async function acknowledge(a) {
    const by = signedIn ? '' : $('operator').value.trim();
    pending.add(a.alert_id);
    ackErrors.delete(a.alert_id);
    render();
    const r = await postJson('api/v1/alerts/' + encodeURIComponent(a.alert_id) + '/ack', by ? { by } : {});
    pending.delete(a.alert_id);
    if (r.ok && r.json && r.json.ack) {
      const current = alerts.get(a.alert_id);
      if (current) {
        alerts.set(a.alert_id, Object.assign({}, current, { ack: r.json.ack, acks: r.json.acks || [r.json.ack] }));
      }
    } else {
      ackErrors.add(a.alert_id);
    }
    changed();
  }

  /** "acknowledged by X at 09:05 — note", with a mark when the name was typed on an instance without logins. */
  function ackText(ack) {
    const t = app.t();
    let text = fill(t.ackedBy, { by: ack.by || '—', at: app.hmText(ack.at) });
    if (ack.signed_in === false) {
      text += ' ' + t.ackUnverified;
    }
    return ack.note ? text + ' — ' + ack.note : text;
  }

  function ackBlock(a) {
    const t = app.t();
    const box = el('div', 'ack-history');
    box.appendChild(el('span', 'acked', ackText(a.ack)));
    const all = Array.isArray(a.acks) ? a.acks : [a.ack];
    if (all.length > 1) {
      const earlier = el('ul', 'acks-earlier');
      all.slice(0, -1).reverse().forEach((e) => {
        let text = fill(t.ackEarlier, { by: e.by || '—', at: app.hmText(e.at) });
        if (e.signed_in === false) {
          text += ' ' + t.ackUnverified;
        }
        earlier.appendChild(el('li', null, e.note ? text + ' — ' + e.note : text));
      });
      box.appendChild(earlier);
    }
    return box;
  }

  function ackButton(a, label) {
    const t = app.t();
    const wrap = el('span', 'ack-action');
    const b = button('small-btn ack', label, () => acknowledge(a));
    b.disabled = pending.has(a.alert_id);
    wrap.appendChild(b);
    if (ackErrors.has(a.alert_id)) {
      wrap.appendChild(el('span', 'error', t.ackFailed));
    }
    return wrap;
  }

  function row(a) {
    const t = app.t();
    const li = el('li', 'alert sev-' + String(a.severity || 'info') + ' state-' + String(a.state || ''));
    li.dataset.alert = a.alert_id;
    const top = el('div', 'alert-top');
    top.append(el('span', 'sev', (t.severity[a.severity] || a.severity || '—')),
      el('span', 'kind', t.kinds[a.kind] || a.kind), el('span', 'state', t.state[a.state] || a.state || ''));
    const where = el('div', 'alert-where');
    where.append(el('span', 'alert-unit', a.unit_name || a.unit_id), el('span', 'path', a.path || ''));
    const msg = el('div', 'alert-message', messageText(a));
    const bottom = el('div', 'alert-bottom');
    const when = el('span', 'when', whenText(a));
    whenShown.set(a.alert_id, [when, a]);
    bottom.appendChild(when);
    // Another operator may acknowledge an acknowledged alert too: every acknowledgement is kept and listed.
    bottom.appendChild(ackButton(a, a.ack ? t.ackAgain : t.ack));
    li.append(top, where, msg, bottom);
    if (a.ack) {
      li.appendChild(ackBlock(a));
    }
    return li;
  }

  function render() {
    renderFilters();
    const sevRank = (a) => SEVERITIES.indexOf(a.severity) < 0 ? SEVERITIES.length : SEVERITIES.indexOf(a.severity);
    const shown = Array.from(alerts.values()).filter(passes)
      .sort((a, b) => (isActive(b) - isActive(a)) || (sevRank(a) - sevRank(b)) || lastTime(b).localeCompare(lastTime(a)));
    $('alerts-count').textContent = fill(app.t().alertsCount, { shown: app.intText(shown.length), total: app.intText(alerts.size) });
    $('alerts-note').textContent = failed && !gotFrame ? '— ' + app.t().unavailable : '';
    const list = $('alerts');
    whenShown.clear();
    if (!shown.length) {
      list.replaceChildren(el('li', 'empty', app.t().alertsNone));
      return;
    }
    list.replaceChildren(...shown.slice(0, MAX_ROWS).map(row));
  }

  // ---- wiring -----------------------------------------------------------------------------------------

  const op = $('operator');
  op.value = storageGet('operator') || '';
  getJson('api/v1/me').then((me) => {
    signedIn = Boolean(me && me.login_required);
    // Signed in, the server writes the login's name: a typed name would only be refused.
    op.closest('label').hidden = signedIn;
  });
  op.addEventListener('input', () => storageSet('operator', op.value.trim()));
  $('f-state').addEventListener('change', (e) => { f.state = e.target.value; render(); });
  $('f-severity').addEventListener('change', (e) => { f.severity = e.target.value; render(); });
  $('f-kind').addEventListener('change', (e) => { f.kind = e.target.value; render(); });
  $('f-unacked').addEventListener('change', (e) => { f.unacked = e.target.checked; render(); });
  $('f-inview').addEventListener('change', (e) => { f.inView = e.target.checked; render(); });

  return {
    onFrame,
    connected,
    countsByTile,
    clockChanged,
    render,
    viewChanged: render,
    unitsChanged() {
      // alerts do not depend on figures
    }
  };
}
