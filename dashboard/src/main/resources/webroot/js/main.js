// The page's core: state by unit id, the websocket (snapshot/update/heartbeat/error/alerts/corrections frames),
// the national header, breadcrumbs and view head, navigation through the address, language, layout and
// kiosk rotation, live or as of a past time (?as_of=HH:MM, travel.js); the panels (tiles, tables, charts, alerts)
// are modules that read the shared app object.
import { $, el, button, fill, formatters, localClock, parseTime, getJson, storageGet, storageSet, every } from './util.js';
import { createTiles } from './tiles.js';
import { createTables } from './tables.js';
import { createCharts } from './charts.js';
import { createAlerts } from './alerts.js';
import { createCorrections } from './corrections.js';
import { createSilences } from './silences.js';
import { createCheckpoints } from './checkpoints.js';
import { createTravel } from './travel.js';
import { showSession } from './session.js';

const WATCHDOG_MS = 45000; // the server sends at least a heartbeat every 15 s
const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30000;
const OFFLINE_AFTER_ATTEMPTS = 4;
const KIOSK_PAUSE_MS = 60000;

export function start(I18N) {
  const params = new URLSearchParams(window.location.search);
  const app = {
    I18N,
    lang: pick(params.get('lang'), I18N) || pick(storageGet('lang'), I18N) || 'vi',
    layout: params.get('layout') === 'desk' ? 'desk' : 'wall',
    meta: null,
    fmt: null,
    rootId: null,
    viewId: null,
    wanted: unitFromHash(),
    // A past time of the election day whose figures the page shows instead of the live ones (null: live).
    asOf: params.get('as_of') || null,
    // The level of the unit in view, known from its snapshot even when its figures as of a time are not.
    viewLevel: null,
    path: [],
    units: new Map(),
    childIds: [],
    rootChildIds: [],
    conn: 'connecting',
    lastChangeAt: 0,
    dataClock: null
  };
  app.fmt = formatters(I18N[app.lang].locale, null);
  app.t = () => I18N[app.lang];
  app.levelTitle = (level) => (app.t().levels[level] || [String(level)])[0];
  app.levelCounted = (level) => {
    const l = app.t().levels[level];
    return l ? l[1] : String(level);
  };
  app.pctText = (v) => (v === null || v === undefined ? '—' : app.fmt.pct.format(Number(v)) + '%');
  app.intText = (v) => (v === null || v === undefined ? '—' : app.fmt.int.format(Number(v)));
  app.ratio = (n, total) => app.intText(n) + '/' + app.intText(total);
  app.timeText = (iso) => {
    const d = parseTime(iso);
    return d ? app.fmt.dateTime.format(d) : '—';
  };
  app.hmText = (iso) => {
    const d = parseTime(iso);
    return d ? app.fmt.hm.format(d) : '—';
  };
  /** "16:20" on the data clock's day, "20/11 16:20" on another day (an alert of a replay, a stale area). */
  app.clockText = (iso) => {
    const d = parseTime(iso);
    if (!d) {
      return '—';
    }
    const sameDay = app.dataClock && localClock(app.fmt, d).day === localClock(app.fmt, app.dataClock).day;
    return (sameDay || !app.dataClock ? app.fmt.hm : app.fmt.dayHm).format(d);
  };
  // A unit's target: its own (meta.targets, from a targets file), else its nearest ancestor's, else meta.target_pct.
  app.targetPct = (unitId) => {
    if (!app.meta || app.meta.target_pct === undefined) {
      return null;
    }
    const own = app.meta.targets || {};
    let id = unitId === undefined ? app.viewId : unitId;
    for (let hops = 0; id && hops < 64; hops++) {
      if (own[id] !== undefined) {
        return Number(own[id]);
      }
      const u = app.units.get(id);
      id = u ? u.parent_id : null;
    }
    return Number(app.meta.target_pct);
  };
  app.atTarget = (u) => {
    const target = app.targetPct(u && u.unit_id);
    return target !== null && u && u.turnout_pct !== null && u.turnout_pct !== undefined && Number(u.turnout_pct) >= target;
  };
  app.isLeaf = (u) => (app.meta ? u.level === app.meta.leaf_level : Object.keys(u.complete_by_level || {}).length === 0);
  app.completeEntries = (u) => {
    const byLevel = (u && u.complete_by_level) || {};
    let order = Object.keys(byLevel);
    if (app.meta && Array.isArray(app.meta.levels)) {
      const known = app.meta.levels.slice().reverse().filter((l) => l in byLevel);
      order = known.concat(order.filter((l) => known.indexOf(l) < 0));
    }
    return order.map((level) => ({ level, c: byLevel[level] || {} }));
  };
  /** "1.340/1.438 khu vực bỏ phiếu, 133/177 xã, 4/13 huyện". */
  app.completeLine = (u) => app.completeEntries(u)
    .map((e) => app.ratio(e.c.complete, e.c.total) + ' ' + app.levelCounted(e.level)).join(', ');
  app.leafEntry = (u) => {
    const leaf = app.meta ? app.meta.leaf_level : 'polling_area';
    return ((u && u.complete_by_level) || {})[leaf] || null;
  };
  /**
   * The data clock: the latest observation seen anywhere (the root's as_of, or the clock of an areas answer).
   * Everything measured in election time ("for 12 min") is measured against it, never against the browser's
   * wall clock, so replays and fast simulations read right; only "updated N s ago" uses the wall clock.
   */
  app.noteClock = (iso) => {
    const d = parseTime(iso);
    if (d && (!app.dataClock || d.getTime() > app.dataClock.getTime())) {
      const minuteBefore = app.dataClock ? Math.floor(app.dataClock.getTime() / 60000) : null;
      app.dataClock = d;
      if (minuteBefore !== Math.floor(d.getTime() / 60000) && app.onClockMinute) {
        app.onClockMinute();
      }
    }
  };
  /** Whole minutes from iso to the data clock; null when either is unknown or iso is after the clock. */
  app.minutesToClock = (iso) => {
    const from = parseTime(iso);
    if (!from || !app.dataClock) {
      return null;
    }
    const ms = app.dataClock.getTime() - from.getTime();
    return ms < -30000 ? null : Math.max(0, Math.floor(ms / 60000));
  };
  /** "silent for 75 min", "silent for 40 h 22 min" from two hours on. */
  app.silentText = (minutes, bare) => {
    const m = Number(minutes);
    const t = app.t();
    return m < 120 ? fill(bare ? t.minutes : t.silentFor, { m: app.intText(m) })
      : fill(bare ? t.hoursMinutes : t.silentForH, { h: app.intText(Math.floor(m / 60)), m: app.intText(m % 60) });
  };
  app.navigate = (unitId, replace) => navigate(unitId, replace);
  app.unitUrl = (id, suffix) => 'api/v1/units/' + encodeURIComponent(id) + (suffix || '');

  const tiles = createTiles(app);
  const tables = createTables(app);
  const charts = createCharts(app);
  const alerts = createAlerts(app);
  app.alerts = alerts;
  app.onAlertsChanged = () => tiles.updateBadges();
  app.onClockMinute = () => alerts.clockChanged();
  const silences = createSilences(app);
  const checkpoints = createCheckpoints(app);
  const corrections = createCorrections(app);
  const panels = [tiles, tables, charts, alerts, corrections, silences, checkpoints];
  const travel = createTravel(app, {
    enter: enterAsOf,
    goLive,
    show: showAsOf
  });

  let ws = null;
  let attempt = 0;
  let lastMessageAt = 0;
  let stopRootPoll = null;
  // Set on every (re)connect: the first snapshot of the view after it reloads what frames may have missed.
  let resync = false;

  /** After a reconnect, the corrections list again from the REST endpoint (frames sent meanwhile were lost). */
  function resynced(viewChanged) {
    if (resync) {
      resync = false;
      if (!viewChanged) {
        corrections.connected();
      }
    }
  }

  // ---- header, crumbs, view head --------------------------------------------------------------

  /** The map shows the root's children: provinces for a national screen, districts or communes for a provincial login. */
  function renderTilesTitle() {
    const levels = app.meta && app.meta.levels;
    const root = app.units.get(app.rootId || (app.meta && app.meta.root));
    const rootLevel = root ? root.level : null;
    const depth = levels && rootLevel ? levels.indexOf(rootLevel) : 0;
    const childLevel = levels ? levels[Math.max(0, depth) + 1] : 'province';
    $('tiles-title').textContent = !childLevel || childLevel === 'province' ? app.t().tilesTitle : app.levelTitle(childLevel);
  }

  function renderStatic() {
    document.documentElement.lang = app.lang;
    document.body.classList.toggle('layout-wall', app.layout === 'wall');
    document.body.classList.toggle('layout-desk', app.layout === 'desk');
    document.querySelectorAll('[data-i18n]').forEach((node) => {
      const text = app.t()[node.getAttribute('data-i18n')];
      if (typeof text === 'string') {
        node.textContent = text;
      }
    });
    document.title = app.t().title;
    renderTilesTitle();
    $('lang').textContent = app.t().switchTo;
    $('lang').setAttribute('aria-label', app.t().switchLangLabel);
    $('layout').textContent = app.layout === 'wall' ? app.t().layoutDesk : app.t().layoutWall;
    $('layout').setAttribute('aria-label', app.t().layoutLabel);
    $('travel-time').min = '00:00';
    $('travel-time').max = '23:59';
    travel.render();
    renderConn();
    renderAge();
  }

  function renderConn() {
    const c = $('conn');
    // Connected, but the figures are not live: the label must not say "Live" under the as-of banner.
    c.textContent = app.asOf && app.conn === 'live' ? app.t().connected : app.t()[app.conn];
    c.className = 'conn conn-' + app.conn;
    document.body.classList.toggle('offline', app.conn !== 'live');
  }

  function renderAge() {
    const node = $('age');
    if (app.asOf) {
      node.textContent = app.t().travelFrozen;
      node.classList.remove('stale');
      return;
    }
    if (!app.lastChangeAt) {
      node.textContent = app.t().ageNever;
      return;
    }
    const s = Math.max(0, Math.floor((Date.now() - app.lastChangeAt) / 1000));
    node.textContent = s < 120 ? fill(app.t().age, { s: app.intText(s) }) : fill(app.t().ageMin, { m: app.intText(Math.floor(s / 60)) });
    node.classList.toggle('stale', s >= 60);
  }

  function setBar(fillEl, markEl, u) {
    const pct = u.turnout_pct === null || u.turnout_pct === undefined ? 0 : Math.max(0, Math.min(100, Number(u.turnout_pct)));
    fillEl.style.width = pct + '%';
    fillEl.classList.toggle('at-target', app.atTarget(u));
    const target = app.targetPct(u.unit_id);
    markEl.hidden = target === null;
    if (target !== null) {
      markEl.style.left = Math.min(100, Math.max(0, target)) + '%';
    }
  }

  function renderNational() {
    const root = app.units.get(app.rootId);
    const target = app.targetPct(app.rootId);
    $('nat-target').textContent = target === null ? '—' : app.fmt.pct1.format(target) + '%';
    $('nat-mark-label').textContent = target === null ? '' : app.t().target + ' ' + app.fmt.pct1.format(target) + '%';
    if (target !== null) {
      $('nat-mark-label').style.left = Math.min(100, Math.max(0, target)) + '%';
    }
    if (!root) {
      return;
    }
    $('nat-level').textContent = app.levelTitle(root.level);
    $('nat-name').textContent = root.name;
    const pctEl = $('nat-pct');
    pctEl.textContent = app.pctText(root.turnout_pct);
    pctEl.classList.toggle('at-target', app.atTarget(root));
    setBar($('nat-fill'), $('nat-mark'), root);
    $('nat-voted').textContent = fill(app.t().votedOf, { voted: app.intText(root.voted), registered: app.intText(root.registered) });
    const leaf = app.leafEntry(root);
    $('nat-reporting').textContent = leaf && leaf.reporting !== undefined && leaf.reporting !== null
      ? app.ratio(leaf.reporting, leaf.total) : '—';
    $('nat-complete').textContent = app.completeLine(root) || '—';
    $('asof').textContent = app.timeText(root.as_of);
    renderAge();
  }

  function renderCrumbs() {
    const parts = [];
    app.path.forEach((p, i) => {
      if (i > 0) {
        parts.push(el('span', 'sep', '›'));
      }
      if (i === app.path.length - 1) {
        const cur = el('span', 'current', p.name);
        cur.setAttribute('aria-current', 'page');
        parts.push(cur);
      } else {
        const b = button('crumb', p.name, () => navigate(p.unit_id));
        b.dataset.unit = p.unit_id;
        parts.push(b);
      }
    });
    $('crumbs').replaceChildren(...parts);
  }

  function renderViewHead() {
    const u = app.units.get(app.viewId);
    document.body.classList.toggle('at-root', app.viewId === app.rootId);
    if (!u) {
      // As of a time, a polling area has no figures (its past is not kept): its name from the path, no numbers.
      const here = app.path.length ? app.path[app.path.length - 1] : null;
      if (app.asOf && here && here.unit_id === app.viewId) {
        $('view-level').textContent = app.levelTitle(here.level);
        $('view-name').textContent = here.name;
        $('view-pct').textContent = '—';
        $('view-pct').classList.remove('at-target');
        $('view-voted').textContent = '';
        $('view-complete').textContent = '';
      }
      return;
    }
    $('view-level').textContent = app.levelTitle(u.level);
    $('view-name').textContent = u.name;
    const pctEl = $('view-pct');
    pctEl.textContent = app.pctText(u.turnout_pct);
    pctEl.classList.toggle('at-target', app.atTarget(u));
    $('view-voted').textContent = fill(app.t().votedOf, { voted: app.intText(u.voted), registered: app.intText(u.registered) });
    $('view-complete').textContent = app.completeLine(u);
  }

  function renderAll() {
    renderStatic();
    renderNational();
    renderCrumbs();
    renderViewHead();
    panels.forEach((p) => p.render());
  }

  // ---- frames ---------------------------------------------------------------------------------

  function changed(a, b) {
    return !a || a.voted !== b.voted || a.registered !== b.registered || a.turnout_pct !== b.turnout_pct
      || a.as_of !== b.as_of || a.version !== b.version;
  }

  /** Stores a unit; true when its figures differ from what was shown. */
  function remember(u) {
    if (!u || typeof u.unit_id !== 'string') {
      return false;
    }
    const diff = changed(app.units.get(u.unit_id), u);
    app.units.set(u.unit_id, u);
    app.noteClock(u.as_of);
    if (diff) {
      app.lastChangeAt = Date.now();
    }
    return diff;
  }

  /** Keeps only what is on screen, so a screen that runs for days does not collect every unit it visited. */
  function prune() {
    const keep = new Set([app.rootId, app.viewId].concat(app.rootChildIds, app.childIds, app.path.map((p) => p.unit_id)));
    Array.from(app.units.keys()).forEach((id) => {
      if (!keep.has(id)) {
        app.units.delete(id);
      }
    });
  }

  /**
   * A snapshot while a past time is shown: only what is not a figure is taken (the root, the path, the view's
   * level, the data clock); the figures come from the as-of endpoints, loaded for the view it names.
   */
  function onSnapshotAsOf(msg) {
    if (msg.root && msg.root.unit_id) {
      app.rootId = msg.root.unit_id;
      app.noteClock(msg.root.as_of);
    }
    if (app.wanted === null) {
      app.wanted = app.rootId;
    }
    if (msg.unit.unit_id !== app.wanted) {
      return;
    }
    const viewChanged = app.viewId !== msg.unit.unit_id;
    app.viewId = msg.unit.unit_id;
    app.viewLevel = msg.unit.level;
    app.path = Array.isArray(msg.path) ? msg.path : [];
    resynced(viewChanged);
    if (viewChanged) {
      app.childIds = [];
      prune();
      renderCrumbs();
      renderViewHead();
      panels.forEach((p) => p.viewChanged());
    } else {
      renderCrumbs();
    }
    travel.load();
  }

  function onSnapshot(msg) {
    if (app.asOf) {
      onSnapshotAsOf(msg);
      return;
    }
    remember(msg.root);
    remember(msg.unit);
    (msg.children || []).forEach(remember);
    if (msg.root && msg.root.unit_id) {
      app.rootId = msg.root.unit_id;
    }
    if (msg.unit.unit_id === app.rootId) {
      app.rootChildIds = (msg.children || []).map((c) => c.unit_id);
      tiles.render();
      renderTilesTitle();
    }
    if (app.wanted === null) {
      app.wanted = app.rootId;
    }
    if (msg.unit.unit_id !== app.wanted) {
      // The automatic root snapshot on connect, before the subscribe for the unit in view is answered.
      renderNational();
      return;
    }
    const viewChanged = app.viewId !== msg.unit.unit_id;
    app.viewId = msg.unit.unit_id;
    app.viewLevel = msg.unit.level;
    app.childIds = (msg.children || []).map((c) => c.unit_id);
    app.path = Array.isArray(msg.path) ? msg.path : [];
    resynced(viewChanged);
    prune();
    renderNational();
    renderCrumbs();
    renderViewHead();
    panels.forEach((p) => (viewChanged ? p.viewChanged() : p.render()));
    pollRootChildren();
  }

  function onUpdate(msg) {
    if (app.asOf) {
      // Frozen view: live figures must not overwrite it; the root's time still moves the data clock.
      (msg.units || []).forEach((u) => u && u.unit_id === app.rootId && app.noteClock(u.as_of));
      return;
    }
    const ids = [];
    (msg.units || []).forEach((u) => {
      if (remember(u)) {
        ids.push(u.unit_id);
      }
    });
    if (ids.indexOf(app.rootId) >= 0) {
      renderNational();
    }
    if (ids.indexOf(app.viewId) >= 0) {
      renderViewHead();
    }
    if (ids.length) {
      panels.forEach((p) => p.unitsChanged(ids));
    }
  }

  function onMessage(event) {
    lastMessageAt = Date.now();
    attempt = 0;
    let msg;
    try {
      msg = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (!msg || typeof msg !== 'object') {
      return;
    }
    if (msg.type === 'snapshot' && msg.unit) {
      onSnapshot(msg);
    } else if (msg.type === 'update') {
      onUpdate(msg);
    } else if (msg.type === 'alerts') {
      alerts.onFrame(msg);
    } else if (msg.type === 'corrections') {
      corrections.onFrame(msg);
    } else if (msg.type === 'error' && app.rootId && app.wanted !== app.rootId) {
      // Most likely a unit id in the address that this registry does not have: go back to the root.
      navigate(app.rootId, true);
    }
  }

  // ---- connection -----------------------------------------------------------------------------

  function socketUrl() {
    const url = new URL('ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.hash = '';
    url.search = '';
    return url.toString();
  }

  function subscribe(unitId) {
    if (ws && ws.readyState === WebSocket.OPEN && unitId) {
      ws.send(JSON.stringify({ type: 'subscribe', unit: unitId }));
    }
  }

  function setConn(c) {
    if (app.conn !== c) {
      app.conn = c;
      renderConn();
    }
  }

  function connect() {
    let socket;
    try {
      socket = new WebSocket(socketUrl());
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = socket;
    socket.addEventListener('open', () => {
      lastMessageAt = Date.now();
      setConn('live');
      alerts.connected();
      resync = true;
      // The server starts every connection on the root; ask again for the unit we were showing.
      if (app.wanted && app.wanted !== app.rootId) {
        subscribe(app.wanted);
      }
    });
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', () => {
      if (ws === socket) {
        ws = null;
        scheduleReconnect();
      }
    });
  }

  function scheduleReconnect() {
    attempt += 1;
    setConn(attempt >= OFFLINE_AFTER_ATTEMPTS || navigator.onLine === false ? 'offline' : 'reconnecting');
    const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * Math.pow(2, attempt - 1));
    // Jitter, so a room of screens does not reconnect in lockstep after a restart.
    window.setTimeout(connect, Math.max(MIN_BACKOFF_MS, base / 2 + (Math.random() * base) / 2));
  }

  function watchdog() {
    if (ws && ws.readyState === WebSocket.OPEN && Date.now() - lastMessageAt > WATCHDOG_MS) {
      ws.close();
    }
  }

  // ---- navigation -----------------------------------------------------------------------------

  function unitFromHash() {
    const raw = window.location.hash.replace(/^#/, '');
    if (!raw) {
      return null;
    }
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return null;
    }
  }

  function navigate(unitId, replace) {
    if (!unitId) {
      return;
    }
    const hash = '#' + encodeURIComponent(unitId);
    if (window.location.hash === hash) {
      onHashChange();
    } else if (replace) {
      window.location.replace(hash);
    } else {
      window.location.hash = hash;
    }
  }

  function onHashChange() {
    app.wanted = unitFromHash() || app.rootId;
    subscribe(app.wanted);
  }

  /** Below the root the socket only follows the view, so the tile map's figures are refreshed by polling. */
  function pollRootChildren() {
    const needed = app.viewId && app.rootId && app.viewId !== app.rootId;
    if (needed && !stopRootPoll) {
      stopRootPoll = every(10000, async () => {
        if (app.asOf) {
          return; // the tile map shows the root's children as of the time, loaded with it
        }
        const children = await getJson(app.unitUrl(app.rootId, '/children'));
        if (Array.isArray(children) && app.viewId !== app.rootId && !app.asOf) {
          const ids = children.filter(remember).map((c) => c.unit_id);
          app.rootChildIds = children.map((c) => c.unit_id);
          if (ids.length) {
            tiles.unitsChanged(ids);
          }
        }
      });
    } else if (!needed && stopRootPoll) {
      stopRootPoll();
      stopRootPoll = null;
    }
  }

  // ---- time travel ----------------------------------------------------------------------------

  /** Shows the figures as of a past time from now on: the address keeps it, so a wall screen can open at it. */
  function enterAsOf(value) {
    app.asOf = value;
    setParam('as_of', value);
    renderStatic();
    tables.render();
    charts.render();
  }

  /** The figures as of the time, from travel.js: they replace the live ones of the header, view and tiles. */
  function showAsOf(units, childIds, rootChildIds) {
    units.forEach((u) => {
      if (u && typeof u.unit_id === 'string') {
        app.units.set(u.unit_id, u);
      }
    });
    app.childIds = childIds;
    if (rootChildIds) {
      app.rootChildIds = rootChildIds;
    }
    if (app.units.get(app.viewId) === undefined || childIds.length === 0) {
      // Nothing as of the time for the view or its children (polling areas): no live figure may stay on screen.
      Array.from(app.units.keys()).forEach((id) => {
        if (units.every((u) => u.unit_id !== id)) {
          app.units.delete(id);
        }
      });
    }
    prune();
    renderNational();
    renderCrumbs();
    renderViewHead();
    panels.forEach((p) => p.render());
  }

  /** Back to the live figures: the socket is still connected, a subscribe brings a fresh snapshot at once. */
  function goLive() {
    const was = app.asOf;
    app.asOf = null;
    setParam('as_of', null);
    travel.cleared();
    if (was) {
      app.units.clear();
      app.childIds = [];
      app.lastChangeAt = 0;
    }
    renderAll();
    if (was) {
      subscribe(app.wanted || app.rootId);
      // The panels' own fetches (polling areas, histogram hidden until now) again at once, not on their next round.
      panels.forEach((p) => p.viewChanged());
      if (app.rootId && app.viewId !== app.rootId) {
        getJson(app.unitUrl(app.rootId, '/children')).then((children) => {
          if (Array.isArray(children) && !app.asOf) {
            children.forEach(remember);
            app.rootChildIds = children.map((c) => c.unit_id);
            tiles.render();
          }
        });
      }
    }
  }

  // ---- language, layout, kiosk ----------------------------------------------------------------

  function setParam(name, value) {
    const url = new URL(window.location.href);
    if (value === null) {
      url.searchParams.delete(name);
    } else {
      url.searchParams.set(name, value);
    }
    window.history.replaceState(window.history.state, '', url.toString());
  }

  function switchLang() {
    app.lang = app.lang === 'vi' ? 'en' : 'vi';
    app.fmt = formatters(I18N[app.lang].locale, app.meta && app.meta.zone);
    storageSet('lang', app.lang);
    setParam('lang', app.lang === 'vi' ? null : app.lang);
    renderAll();
  }

  function switchLayout() {
    app.layout = app.layout === 'wall' ? 'desk' : 'wall';
    setParam('layout', app.layout === 'wall' ? null : app.layout);
    renderAll();
  }

  function startKiosk() {
    if (!params.has('kiosk')) {
      return;
    }
    const seconds = Number(params.get('kiosk'));
    const periodMs = (Number.isFinite(seconds) && seconds >= 3 ? seconds : 20) * 1000;
    const explicit = (params.get('views') || '').split(',').map((s) => s.trim()).filter(Boolean);
    let index = 0;
    let shownAt = Date.now();
    let pausedUntil = 0;
    const box = $('kiosk');
    box.hidden = false;
    const views = () => (explicit.length ? explicit : [app.rootId].concat(tiles.orderedIds())).filter(Boolean);
    const pause = () => {
      pausedUntil = Date.now() + KIOSK_PAUSE_MS;
    };
    ['pointerdown', 'keydown', 'wheel', 'touchstart'].forEach((type) => window.addEventListener(type, pause, { passive: true }));
    window.setInterval(() => {
      const now = Date.now();
      const paused = now < pausedUntil;
      box.classList.toggle('paused', paused);
      $('kiosk-label').textContent = paused ? app.t().kioskPaused : app.t().kioskLabel;
      if (paused) {
        shownAt = now;
        $('kiosk-fill').style.width = '0%';
        return;
      }
      const list = views();
      if (now - shownAt >= periodMs && list.length) {
        const at = list.indexOf(app.wanted);
        index = at >= 0 ? (at + 1) % list.length : index % list.length;
        navigate(list[index], true);
        shownAt = now;
      }
      $('kiosk-fill').style.width = Math.min(100, (100 * (now - shownAt)) / periodMs) + '%';
    }, 250);
  }

  // ---- start ----------------------------------------------------------------------------------

  async function loadMeta() {
    const meta = await getJson('api/v1/meta');
    if (!meta) {
      window.setTimeout(loadMeta, 5000);
      return;
    }
    app.meta = meta;
    app.fmt = formatters(I18N[app.lang].locale, meta.zone);
    if (!app.rootId) {
      app.rootId = meta.root;
    }
    renderAll();
  }

  $('lang').addEventListener('click', switchLang);
  $('layout').addEventListener('click', switchLayout);
  window.addEventListener('hashchange', onHashChange);
  window.addEventListener('online', () => attempt > 0 && setConn('reconnecting'));
  renderAll();
  loadMeta();
  showSession(document.querySelector('.topbar .status'), app.lang);
  connect();
  startKiosk();
  window.setInterval(watchdog, 5000);
  window.setInterval(renderAge, 1000);
}

function pick(lang, I18N) {
  return lang && Object.prototype.hasOwnProperty.call(I18N, lang) ? lang : null;
}
