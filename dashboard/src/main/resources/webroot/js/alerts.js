// The alert feed: state from the websocket's alerts frames (full replaces, partial upserts by alert_id), or
// GET /api/v1/alerts when the socket has none; filters, acknowledgement (POST .../ack) and per-tile counts.
// On screen the alerts are grouped by kind and place (the root's child they lie in: the province on a
// national screen), one row per group with its counts, collapsed until someone opens it: at 09:31 of a
// national day 129 active alerts made a flat list unreadable from across the room.
import { $, el, button, fill, getJson, postJson, parseTime, storageGet, storageSet } from './util.js';
import { createAlarm } from './alarm.js';

const MAX_ALERTS = 2000;
const MAX_GROUPS = 60; // rows drawn; the rest are counted in a note (filters narrow them)
const ROWS_PER_GROUP = 20; // alerts drawn in an opened group before "show more"
const RENDER_DELAY_MS = 50;
const FRESH_MS = 10000; // a group with a new critical alert stays highlighted this long // frames come every 100 ms at most; a burst is drawn once
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

  // Recovering (cleared, waiting out its rule's recovery period before it resolves) is still active.
  const isActive = (a) => a.state === 'firing' || a.state === 'pending' || a.state === 'recovering';
  const alarm = createAlarm(app, $('alert-sound'), $('alerts-box'));
  let fullSeen = false; // alarms only for changes after this connection's full frame
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

  /** An alert silenced by an operator (the silences extension: {"id","by","ends_at","comment"}), not yet over. */
  function silenced(a) {
    const s = a && a.silence;
    if (!s || typeof s !== 'object') {
      return false;
    }
    const ends = parseTime(s.ends_at);
    return !ends || ends.getTime() > Date.now();
  }

  /**
   * Starts firing as critical now: new, or pending before. A repeat of a firing episode is not new, nor is one back
   * from recovering: the room already heard it start.
   */
  function startsCriticalFiring(a, before) {
    return a && a.state === 'firing' && a.severity === 'critical' && !silenced(a)
      && (!before || (before.state !== 'firing' && before.state !== 'recovering'));
  }

  function onFrame(msg) {
    gotFrame = true;
    failed = false;
    // A full frame is the first load or a reconnect: what it holds is not news, so it never sounds.
    const fresh = !msg.full && fullSeen && Array.isArray(msg.alerts)
      ? msg.alerts.filter((a) => a && startsCriticalFiring(a, alerts.get(a.alert_id))) : [];
    if (msg.full) {
      alerts.clear();
      fullSeen = true;
    }
    upsert(msg.alerts);
    fresh.forEach((a) => freshIds.set(a.alert_id, Date.now()));
    alarm.raise(fresh);
    changed(true);
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
    fullSeen = false;
    window.clearTimeout(fallbackTimer);
    const fallback = async () => {
      if (!gotFrame) {
        await loadFromRest();
        fallbackTimer = window.setTimeout(fallback, FALLBACK_REFRESH_MS);
      }
    };
    fallbackTimer = window.setTimeout(fallback, FALLBACK_AFTER_MS);
  }

  let renderTimer = null;

  /** From frames: drawn once per burst. Everything a person does is drawn at once (render()). */
  function changed(deferred) {
    if (deferred) {
      if (renderTimer === null) {
        renderTimer = window.setTimeout(() => {
          renderTimer = null;
          changed(false);
        }, RENDER_DELAY_MS);
      }
      return;
    }
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

  /** The state filter picks the groups shown and the alerts listed in them; the counts show every state. */
  function passesState(a) {
    return f.state === 'all' || (f.state === 'active' ? isActive(a) : a.state === 'resolved');
  }

  function passesOthers(a) {
    return (!f.severity || a.severity === f.severity)
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

  /** "Silenced until 10:45 by Lan — checking with the commune", in the data's zone. */
  function silenceText(a) {
    const t = app.t();
    const s = a.silence;
    const text = fill(parseTime(s.ends_at) ? t.silencedUntil : t.silencedBy,
      { at: app.hmText(s.ends_at), by: s.by || '—' });
    return s.comment ? text + ' — ' + s.comment : text;
  }

  function row(a) {
    const t = app.t();
    const quiet = silenced(a);
    const li = el('li', 'alert sev-' + String(a.severity || 'info') + ' state-' + String(a.state || '') + (quiet ? ' silenced' : ''));
    li.dataset.alert = a.alert_id;
    const top = el('div', 'alert-top');
    top.append(el('span', 'sev', (t.severity[a.severity] || a.severity || '—')),
      el('span', 'kind', t.kinds[a.kind] || a.kind), el('span', 'state state-badge', t.state[a.state] || a.state || ''));
    const where = el('div', 'alert-where');
    where.append(el('span', 'alert-unit', a.unit_name || a.unit_id), el('span', 'path', a.path || ''));
    const msg = el('div', 'alert-message', messageText(a));
    const bottom = el('div', 'alert-bottom');
    const when = el('span', 'when', whenText(a));
    bottom.appendChild(when);
    // Another operator may acknowledge an acknowledged alert too: every acknowledgement is kept and listed.
    const ack = ackButton(a, a.ack ? t.ackAgain : t.ack);
    ack.firstChild.dataset.focus = 'a:' + a.alert_id;
    bottom.appendChild(ack);
    li.append(top, where, msg);
    if (quiet) {
      li.appendChild(el('div', 'silence', silenceText(a)));
    }
    li.appendChild(bottom);
    if (a.ack) {
      li.appendChild(ackBlock(a));
    }
    return { li, when };
  }

  // An alert's row is rebuilt only when the alert object changed (a frame replaces it) or what it shows
  // around it did: with 2,000 alerts and frames every 100 ms, opened groups stay cheap to redraw.
  const rowCache = new WeakMap();

  function cachedRow(a) {
    const sig = [app.lang, pending.has(a.alert_id), ackErrors.has(a.alert_id), silenced(a), signedIn].join('|');
    let entry = rowCache.get(a);
    if (!entry || entry.sig !== sig) {
      entry = Object.assign(row(a), { sig });
      rowCache.set(a, entry);
    } else {
      entry.when.textContent = whenText(a);
    }
    whenShown.set(a.alert_id, [entry.when, a]);
    return entry.li;
  }

  // ---- groups -------------------------------------------------------------------------------------

  const expanded = new Set(); // group keys opened by someone; kept across redraws, language and filters
  const shownPerGroup = new Map(); // group key -> rows drawn, when someone asked for more
  const freshIds = new Map(); // alert id -> when it started firing as critical here (highlights its group)
  const sevRank = (sev) => (SEVERITIES.indexOf(sev) < 0 ? SEVERITIES.length : SEVERITIES.indexOf(sev));

  /**
   * The place an alert is grouped under: the root's child it lies in (the province on a national screen, the
   * district or commune for a provincial login), the root itself for an alert on the root. Not the unit in
   * view's children: the groups, and what is opened, stay put while the screen drills down or the kiosk rotates.
   */
  function placeOf(a) {
    const names = pathNames(a);
    const root = app.units.get(app.rootId);
    const at = root ? names.indexOf(root.name) : -1;
    if (at >= 0) {
      return names[Math.min(at + 1, names.length - 1)];
    }
    return names.length > 1 ? names[1] : (a.unit_name || a.unit_id || '—');
  }

  function newGroup(a, key) {
    return { key, kind: a.kind, place: placeOf(a), all: [], listed: [], firing: 0, pending: 0, recovering: 0, resolved: 0,
      silenced: 0, unacked: 0, latest: '' };
  }

  /** Counts one alert into its group: a silenced active alert counts as silenced, not as firing, pending or recovering. */
  function count(g, a) {
    g.all.push(a);
    if (passesState(a)) {
      g.listed.push(a);
    }
    if (isActive(a) && silenced(a)) {
      g.silenced += 1;
    } else if (a.state === 'firing' || a.state === 'pending' || a.state === 'recovering' || a.state === 'resolved') {
      g[a.state] += 1;
    }
    if (isActive(a) && !a.ack) {
      g.unacked += 1;
    }
    if (lastTime(a) > g.latest) {
      g.latest = lastTime(a);
    }
  }

  /** 0 a critical alert firing, 1 another alert firing, 2 pending or recovering, 3 only silenced ones, 4 only resolved ones. */
  function urgency(g) {
    const loud = g.listed.filter((a) => isActive(a) && !silenced(a));
    if (loud.some((a) => a.state === 'firing' && a.severity === 'critical')) {
      return 0;
    }
    if (loud.some((a) => a.state === 'firing')) {
      return 1;
    }
    if (loud.length) {
      return 2;
    }
    return g.listed.some(isActive) ? 3 : 4;
  }

  function worstSeverity(list) {
    return list.reduce((worst, a) => (sevRank(a.severity) < sevRank(worst) ? a.severity : worst), null);
  }

  function buildGroups(list) {
    const byKey = new Map();
    list.forEach((a) => {
      const key = String(a.kind) + '|' + placeOf(a);
      if (!byKey.has(key)) {
        byKey.set(key, newGroup(a, key));
      }
      count(byKey.get(key), a);
    });
    const groups = Array.from(byKey.values()).filter((g) => g.listed.length);
    groups.forEach((g) => {
      g.urgency = urgency(g);
      const loud = g.listed.filter((a) => isActive(a) && !silenced(a));
      g.worst = worstSeverity(loud.length ? loud : g.listed) || 'info';
    });
    return groups.sort(byUrgency);
  }

  /**
   * Critical firing groups first, then by severity; a group nobody has acknowledged yet before one someone has
   * taken; then by how many fire, the newest; ties by key so rows never jump.
   */
  function byUrgency(x, y) {
    return (x.urgency - y.urgency) || (sevRank(x.worst) - sevRank(y.worst)) || ((x.unacked === 0) - (y.unacked === 0))
      || (y.firing - x.firing)
      || (y.pending - x.pending) || (y.recovering - x.recovering) || y.latest.localeCompare(x.latest) || x.key.localeCompare(y.key);
  }

  function byAlertOrder(a, b) {
    return (isActive(b) - isActive(a)) || (silenced(a) - silenced(b)) || (sevRank(a.severity) - sevRank(b.severity))
      || lastTime(b).localeCompare(lastTime(a));
  }

  function countChips(g) {
    const t = app.t();
    const chips = el('span', 'group-counts');
    const counts = [['firing', g.firing], ['pending', g.pending], ['recovering', g.recovering], ['silenced', g.silenced],
      ['resolved', g.resolved]];
    counts.forEach(([state, n]) => {
      if (n > 0) {
        chips.appendChild(el('span', 'count count-' + state, fill(t.groupCount[state], { n: app.intText(n) })));
      }
    });
    if (g.firing + g.pending + g.recovering > 0 && g.unacked === 0) {
      chips.appendChild(el('span', 'count count-acked', t.groupAllAcked));
    }
    return chips;
  }

  function toggleGroup(key) {
    if (expanded.has(key)) {
      expanded.delete(key);
    } else {
      expanded.add(key);
    }
    render();
  }

  function groupHead(g, open) {
    const t = app.t();
    const head = button('group-head', null, () => toggleGroup(g.key));
    head.setAttribute('aria-expanded', String(open));
    head.dataset.focus = 'g:' + g.key;
    const title = el('span', 'group-title');
    title.append(el('span', 'sev', t.severity[g.worst] || g.worst), el('span', 'group-kind', t.kinds[g.kind] || g.kind));
    head.append(el('span', 'caret', open ? '▾' : '▸'), title, el('span', 'group-place', g.place), countChips(g));
    return head;
  }

  function showMoreItem(g, limit) {
    const t = app.t();
    const li = el('li', 'group-more');
    li.appendChild(button('small-btn', fill(t.groupShowMore, { n: app.intText(g.listed.length - limit) }), () => {
      shownPerGroup.set(g.key, limit + ROWS_PER_GROUP);
      render();
    }));
    return li;
  }

  function groupBody(g) {
    const body = el('ul', 'group-alerts');
    const limit = shownPerGroup.get(g.key) || ROWS_PER_GROUP;
    const sorted = g.listed.slice().sort(byAlertOrder);
    sorted.slice(0, limit).forEach((a) => body.appendChild(cachedRow(a)));
    if (sorted.length > limit) {
      body.appendChild(showMoreItem(g, limit));
    }
    return body;
  }

  function isFresh(g) {
    const now = Date.now();
    return g.listed.some((a) => now - (freshIds.get(a.alert_id) || 0) < FRESH_MS);
  }

  function groupItem(g) {
    const open = expanded.has(g.key);
    const li = el('li', 'group sev-' + g.worst + ' urgency-' + g.urgency + (open ? ' open' : '') + (isFresh(g) ? ' fresh' : ''));
    li.dataset.group = g.key;
    li.dataset.kind = g.kind;
    li.dataset.testid = 'alert-group';
    li.appendChild(groupHead(g, open));
    if (open) {
      li.appendChild(groupBody(g));
    }
    return li;
  }

  /** Redrawing replaces the buttons: the keyboard focus goes back to the same group or alert. */
  function focusedKey(list) {
    const active = document.activeElement;
    return active && list.contains(active) && active.dataset ? active.dataset.focus || null : null;
  }

  function restoreFocus(list, key) {
    const target = key ? list.querySelector('[data-focus="' + CSS.escape(key) + '"]') : null;
    if (target && document.activeElement !== target) {
      target.focus({ preventScroll: true });
    }
  }

  let freshTimer = null;

  /** Drops highlights that are over and redraws once when the next one ends, so no highlight outlives its time. */
  function forgetOldFresh() {
    const now = Date.now();
    freshIds.forEach((at, id) => {
      if (now - at >= FRESH_MS) {
        freshIds.delete(id);
      }
    });
    if (freshIds.size && freshTimer === null) {
      freshTimer = window.setTimeout(() => {
        freshTimer = null;
        render();
      }, FRESH_MS);
    }
  }

  function render() {
    const t = app.t();
    renderFilters();
    alarm.render();
    forgetOldFresh();
    const groups = buildGroups(Array.from(alerts.values()).filter(passesOthers));
    const shown = groups.reduce((n, g) => n + g.listed.length, 0);
    $('alerts-count').textContent = fill(t.alertsCount, { shown: app.intText(shown), total: app.intText(alerts.size) })
      + ' · ' + fill(t.groupsCount, { n: app.intText(groups.length) });
    $('alerts-note').textContent = failed && !gotFrame ? '— ' + t.unavailable : '';
    const list = $('alerts');
    const focus = focusedKey(list);
    whenShown.clear();
    if (!groups.length) {
      list.replaceChildren(el('li', 'empty', t.alertsNone));
      return;
    }
    const items = groups.slice(0, MAX_GROUPS).map(groupItem);
    if (groups.length > MAX_GROUPS) {
      items.push(el('li', 'empty more-groups', fill(t.groupsMore, { n: app.intText(groups.length - MAX_GROUPS) })));
    }
    list.replaceChildren(...items);
    restoreFocus(list, focus);
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
