// Wall-screen client: one websocket to /ws (protocol in dashboard/README.md), state kept by unit id,
// every registry text inserted with textContent only (a unit may be named "<script>").
(function () {
  'use strict';

  // Every user-visible string, per language. Level names: [title, counted form] ("4/13 huyện").
  const I18N = {
    vi: {
      locale: 'vi-VN',
      switchTo: 'EN',
      title: 'Theo dõi cử tri đi bầu',
      subtitle: 'Trung tâm điều hành',
      asOf: 'Số liệu lúc',
      live: 'Trực tiếp',
      connecting: 'Đang kết nối',
      reconnecting: 'Đang kết nối lại',
      voted: 'Đã bỏ phiếu',
      reporting: 'Khu vực bỏ phiếu đã báo cáo',
      target: 'Mục tiêu',
      complete100: 'Đơn vị đạt 100%',
      votedOf: '{voted} / {registered} cử tri',
      children: '{n} {level}',
      completeShort: '100%: {list}',
      reportingShort: 'Đã báo cáo {n}/{total}',
      done: 'Đạt 100%',
      notReported: 'Chưa báo cáo',
      noChildren: 'Không có đơn vị trực thuộc.',
      levels: {
        nation: ['Toàn quốc', 'toàn quốc'],
        province: ['Tỉnh', 'tỉnh'],
        district: ['Huyện', 'huyện'],
        commune: ['Xã', 'xã'],
        polling_area: ['Khu vực bỏ phiếu', 'khu vực bỏ phiếu']
      }
    },
    en: {
      locale: 'en-US',
      switchTo: 'VI',
      title: 'Voter turnout monitor',
      subtitle: 'Operations centre',
      asOf: 'Data as of',
      live: 'Live',
      connecting: 'Connecting',
      reconnecting: 'Reconnecting',
      voted: 'Voted',
      reporting: 'Polling areas reporting',
      target: 'Target',
      complete100: 'Units at 100%',
      votedOf: '{voted} of {registered} voters',
      children: '{n} {level}',
      completeShort: '100%: {list}',
      reportingShort: '{n}/{total} reporting',
      done: 'At 100%',
      notReported: 'Not reported',
      noChildren: 'No units below this one.',
      levels: {
        nation: ['Nation', 'nation'],
        province: ['Province', 'provinces'],
        district: ['District', 'districts'],
        commune: ['Commune', 'communes'],
        polling_area: ['Polling area', 'polling areas']
      }
    }
  };

  const TIME_ZONE = 'Asia/Ho_Chi_Minh';
  const WATCHDOG_MS = 45000; // the server sends at least a heartbeat every 15 s
  const MAX_BACKOFF_MS = 30000;

  const state = {
    lang: initialLang(),
    meta: null,
    rootId: null,
    wanted: unitFromHash(),
    viewId: null,
    childIds: [],
    path: [],
    units: new Map(),
    conn: 'connecting'
  };

  let ws = null;
  let attempt = 0;
  let lastMessageAt = 0;
  let tileEls = new Map();
  let fmt = formatters(state.lang);

  const $ = (id) => document.getElementById(id);

  // ---- text helpers ------------------------------------------------------------------------

  function t() {
    return I18N[state.lang];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }

  function levelTitle(level) {
    const l = t().levels[level];
    return l ? l[0] : String(level);
  }

  function levelCounted(level) {
    const l = t().levels[level];
    return l ? l[1] : String(level);
  }

  function formatters(lang) {
    const locale = I18N[lang].locale;
    return {
      int: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
      pct: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      target: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 }),
      share: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      time: new Intl.DateTimeFormat(locale, {
        timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit',
        day: '2-digit', month: '2-digit', year: 'numeric', hour12: false
      })
    };
  }

  function pctText(value) {
    return value === null || value === undefined ? '—' : fmt.pct.format(Number(value)) + '%';
  }

  function ratio(n, total) {
    return fmt.int.format(n) + '/' + fmt.int.format(total);
  }

  function timeText(iso) {
    if (!iso) {
      return '—';
    }
    const d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : fmt.time.format(d);
  }

  function targetPct() {
    return state.meta ? Number(state.meta.target_pct) : null;
  }

  function atTarget(unit) {
    const target = targetPct();
    return target !== null && unit.turnout_pct !== null && Number(unit.turnout_pct) >= target;
  }

  /** Lower levels of a unit, leaf first, as "1.340/1.438 khu vực bỏ phiếu". */
  function completeEntries(unit) {
    const byLevel = unit.complete_by_level || {};
    let order = Object.keys(byLevel);
    if (state.meta) {
      const known = state.meta.levels.slice().reverse().filter((l) => l in byLevel);
      order = known.concat(order.filter((l) => known.indexOf(l) < 0));
    }
    return order.map((level) => ({ level: level, c: byLevel[level] }));
  }

  function completeLine(unit) {
    return completeEntries(unit).map((e) => ratio(e.c.complete, e.c.total) + ' ' + levelCounted(e.level)).join(' · ');
  }

  function leafEntry(unit) {
    const leaf = state.meta ? state.meta.leaf_level : 'polling_area';
    const byLevel = unit.complete_by_level || {};
    return byLevel[leaf] || null;
  }

  function isLeaf(unit) {
    return state.meta ? unit.level === state.meta.leaf_level : Object.keys(unit.complete_by_level || {}).length === 0;
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function setBar(fillEl, markEl, unit) {
    const pct = unit.turnout_pct === null ? 0 : Math.max(0, Math.min(100, Number(unit.turnout_pct)));
    fillEl.style.width = pct + '%';
    fillEl.classList.toggle('at-target', atTarget(unit));
    const target = targetPct();
    markEl.hidden = target === null;
    if (target !== null) {
      markEl.style.left = 'calc(' + Math.min(100, target) + '% - 1px)';
    }
  }

  // ---- rendering ---------------------------------------------------------------------------

  function renderStatic() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-i18n]').forEach((node) => {
      node.textContent = t()[node.getAttribute('data-i18n')];
    });
    document.title = t().title;
    $('lang').textContent = t().switchTo;
    renderConn();
  }

  function renderConn() {
    const c = $('conn');
    c.textContent = t()[state.conn];
    c.className = 'conn conn-' + state.conn;
    document.body.classList.toggle('offline', state.conn !== 'live');
  }

  function renderNational() {
    const root = state.units.get(state.rootId);
    if (!root) {
      return;
    }
    $('nat-level').textContent = levelTitle(root.level);
    $('nat-name').textContent = root.name;
    const pctEl = $('nat-pct');
    pctEl.textContent = pctText(root.turnout_pct);
    pctEl.classList.toggle('at-target', atTarget(root));
    setBar($('nat-fill'), $('nat-mark'), root);
    $('nat-voted').textContent = fill(t().votedOf, {
      voted: fmt.int.format(root.voted), registered: fmt.int.format(root.registered)
    });
    const leaf = leafEntry(root);
    $('nat-reporting').textContent = leaf && leaf.reporting !== undefined ? ratio(leaf.reporting, leaf.total) : '—';
    const target = targetPct();
    $('nat-target').textContent = target === null ? '—' : fmt.target.format(target) + '%';
    $('asof').textContent = timeText(root.as_of);

    const body = $('nat-complete');
    const rows = completeEntries(root).map((e) => {
      const tr = el('tr');
      tr.appendChild(el('td', null, levelTitle(e.level)));
      tr.appendChild(el('td', 'num', ratio(e.c.complete, e.c.total)));
      const share = e.c.total > 0 ? fmt.share.format((100 * e.c.complete) / e.c.total) + '%' : '—';
      tr.appendChild(el('td', 'share', share));
      return tr;
    });
    body.replaceChildren(...rows);
    $('nat-complete-line').textContent = completeLine(root);
  }

  function renderCrumbs() {
    const nav = $('crumbs');
    const parts = [];
    state.path.forEach((p, i) => {
      if (i > 0) {
        parts.push(el('span', 'sep', '›'));
      }
      if (i === state.path.length - 1) {
        parts.push(el('span', 'current', p.name));
      } else {
        const b = el('button', null, p.name);
        b.type = 'button';
        b.addEventListener('click', () => navigate(p.unit_id));
        parts.push(b);
      }
    });
    nav.replaceChildren(...parts);
  }

  function renderViewHead() {
    const u = state.units.get(state.viewId);
    if (!u) {
      return;
    }
    $('view-head').classList.toggle('is-root', state.viewId === state.rootId);
    $('view-level').textContent = levelTitle(u.level);
    $('view-name').textContent = u.name;
    const pctEl = $('view-pct');
    pctEl.textContent = pctText(u.turnout_pct);
    pctEl.classList.toggle('at-target', atTarget(u));
    $('view-voted').textContent = fill(t().votedOf, {
      voted: fmt.int.format(u.voted), registered: fmt.int.format(u.registered)
    });
    $('view-complete').textContent = completeLine(u);
  }

  function renderChildrenTitle() {
    const first = state.units.get(state.childIds[0]);
    $('children-title').textContent = first
      ? fill(t().children, { n: fmt.int.format(state.childIds.length), level: levelCounted(first.level) })
      : '';
    const empty = $('empty');
    empty.hidden = !state.viewId || state.childIds.length > 0;
    empty.textContent = t().noChildren;
  }

  function buildTiles() {
    tileEls = new Map();
    const nodes = state.childIds.map((id) => {
      const tile = makeTile(id);
      tileEls.set(id, tile);
      updateTile(id);
      return tile.root;
    });
    $('tiles').replaceChildren(...nodes);
  }

  function makeTile(id) {
    const u = state.units.get(id);
    const drillable = !isLeaf(u);
    const root = el(drillable ? 'button' : 'div', 'tile');
    if (drillable) {
      root.type = 'button';
      root.addEventListener('click', () => navigate(id));
    }
    const row = el('div', 'row');
    const name = el('span', 'name');
    const pct = el('span', 'pct');
    row.append(name, pct);
    const bar = el('div', 'bar');
    const fillEl = el('div', 'fill');
    const mark = el('div', 'target-mark');
    bar.append(fillEl, mark);
    const voted = el('div', 'small');
    const extra = el('div', 'small');
    const badge = el('span', 'badge');
    root.append(row, bar, voted, extra);
    return { root, name, pct, fill: fillEl, mark, voted, extra, badge };
  }

  function updateTile(id) {
    const tile = tileEls.get(id);
    const u = state.units.get(id);
    if (!tile || !u) {
      return;
    }
    tile.name.textContent = u.name;
    tile.root.title = u.name;
    tile.pct.textContent = pctText(u.turnout_pct);
    tile.pct.classList.toggle('at-target', atTarget(u));
    setBar(tile.fill, tile.mark, u);
    tile.voted.textContent = fill(t().votedOf, {
      voted: fmt.int.format(u.voted), registered: fmt.int.format(u.registered)
    });
    if (isLeaf(u)) {
      const complete = u.registered > 0 && u.voted >= u.registered;
      const silent = !u.as_of;
      tile.badge.textContent = complete ? t().done : silent ? t().notReported : '';
      tile.badge.className = 'badge ' + (complete ? 'done' : 'silent');
      tile.extra.replaceChildren(...(complete || silent ? [tile.badge] : []));
    } else {
      const parts = [];
      const list = completeLine(u);
      if (list) {
        parts.push(fill(t().completeShort, { list: list }));
      }
      const leaf = leafEntry(u);
      if (leaf && leaf.reporting !== undefined) {
        parts.push(fill(t().reportingShort, { n: fmt.int.format(leaf.reporting), total: fmt.int.format(leaf.total) }));
      }
      tile.extra.textContent = parts.join(' · ');
    }
  }

  function renderAll() {
    renderStatic();
    renderNational();
    renderCrumbs();
    renderViewHead();
    renderChildrenTitle();
    buildTiles();
  }

  // ---- messages ----------------------------------------------------------------------------

  function remember(unit) {
    if (unit && typeof unit.unit_id === 'string') {
      state.units.set(unit.unit_id, unit);
    }
  }

  function onSnapshot(msg) {
    remember(msg.root);
    remember(msg.unit);
    (msg.children || []).forEach(remember);
    if (msg.root) {
      state.rootId = msg.root.unit_id;
    }
    if (state.wanted === null) {
      state.wanted = state.rootId;
    }
    if (msg.unit.unit_id !== state.wanted) {
      // The automatic root snapshot on connect, before the subscribe for the unit in view is answered.
      renderNational();
      return;
    }
    state.viewId = msg.unit.unit_id;
    state.childIds = (msg.children || []).map((c) => c.unit_id);
    state.path = msg.path || [];
    renderAll();
  }

  function onUpdate(msg) {
    let national = false;
    let head = false;
    (msg.units || []).forEach((u) => {
      remember(u);
      if (u.unit_id === state.rootId) {
        national = true;
      }
      if (u.unit_id === state.viewId) {
        head = true;
      }
      updateTile(u.unit_id);
    });
    if (national) {
      renderNational();
    }
    if (head) {
      renderViewHead();
    }
  }

  function onServerError() {
    // Most likely a unit id in the address that this registry does not have: go back to the root.
    if (state.rootId && state.wanted !== state.rootId) {
      navigate(state.rootId);
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
    } else if (msg.type === 'error') {
      onServerError();
    }
  }

  // ---- connection --------------------------------------------------------------------------

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
    state.conn = c;
    renderConn();
  }

  function connect() {
    ws = new WebSocket(socketUrl());
    ws.addEventListener('open', () => {
      lastMessageAt = Date.now();
      setConn('live');
      // The server starts every connection on the root; ask again for the unit we were showing.
      if (state.wanted && state.wanted !== state.rootId) {
        subscribe(state.wanted);
      }
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      ws = null;
      setConn(state.conn === 'connecting' && attempt === 0 ? 'connecting' : 'reconnecting');
      const base = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, attempt));
      attempt += 1;
      // Jitter, so a room of screens does not reconnect in lockstep after a restart.
      window.setTimeout(connect, base / 2 + Math.random() * base / 2);
    });
  }

  function watchdog() {
    if (ws && ws.readyState === WebSocket.OPEN && Date.now() - lastMessageAt > WATCHDOG_MS) {
      ws.close();
    }
  }

  // ---- navigation, language, metadata ------------------------------------------------------

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

  function navigate(unitId) {
    const hash = unitId === state.rootId ? '' : '#' + encodeURIComponent(unitId);
    if (window.location.hash === hash) {
      onHashChange();
    } else {
      window.location.hash = hash;
    }
  }

  function onHashChange() {
    state.wanted = unitFromHash() || state.rootId;
    subscribe(state.wanted);
  }

  function initialLang() {
    const fromUrl = new URLSearchParams(window.location.search).get('lang');
    if (fromUrl && I18N[fromUrl]) {
      return fromUrl;
    }
    try {
      const saved = window.localStorage.getItem('lang');
      if (saved && I18N[saved]) {
        return saved;
      }
    } catch (e) {
      // storage may be disabled on kiosk browsers
    }
    return 'vi';
  }

  function switchLang() {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    fmt = formatters(state.lang);
    try {
      window.localStorage.setItem('lang', state.lang);
    } catch (e) {
      // ignore
    }
    renderAll();
  }

  function loadMeta() {
    fetch('api/v1/meta', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('meta ' + r.status))))
      .then((meta) => {
        state.meta = meta;
        if (!state.rootId) {
          state.rootId = meta.root;
        }
        renderAll();
      })
      .catch(() => window.setTimeout(loadMeta, 5000));
  }

  function start() {
    $('lang').addEventListener('click', switchLang);
    window.addEventListener('hashchange', onHashChange);
    renderStatic();
    loadMeta();
    connect();
    window.setInterval(watchdog, 5000);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
