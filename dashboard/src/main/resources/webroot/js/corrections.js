// Corrections on record of the unit in view (issue 15): readings that lowered a counter or changed a list, newest
// first: before → after, field, time, who sent it. The list comes from GET .../corrections when the view changes or
// the socket (re)connects; then the server pushes each new one in a "corrections" frame (docs/websocket.md).
import { $, el, fill, getJson } from './util.js';

const CORRECTIONS_LIMIT = 50;

export function createCorrections(app) {
  let shown = { data: null, failed: false, view: null };
  let seq = 0;
  // Frames that came while the list was being loaded: added on top of it once it is here.
  let early = [];

  async function load() {
    const view = app.viewId;
    if (!view) {
      return;
    }
    const mine = ++seq;
    early = [];
    const data = await getJson(app.unitUrl(view, '/corrections?limit=' + CORRECTIONS_LIMIT));
    if (mine !== seq || view !== app.viewId) {
      return;
    }
    const ok = data && Array.isArray(data.items);
    shown = { data: ok ? data : null, failed: !ok, view };
    if (ok) {
      early.forEach(add);
    }
    early = [];
    render();
  }

  /** Adds one pushed correction unless the list has it already (the REST answer may hold it too). */
  function add(c) {
    const d = shown.data;
    if (!c || typeof c.correction_id !== 'string' || d.items.some((x) => x.correction_id === c.correction_id)) {
      return;
    }
    d.items.unshift(c);
    d.items.length = Math.min(d.items.length, CORRECTIONS_LIMIT);
    d.total = Number(d.total) + 1;
  }

  function onFrame(msg) {
    if (!msg || msg.unit !== app.viewId) {
      return; // for the view before the last subscribe
    }
    if (msg.reload) {
      load(); // the server had more for this screen than it keeps: the list again, from the REST endpoint
      return;
    }
    const list = Array.isArray(msg.corrections) ? msg.corrections : [];
    if (!shown.data || shown.view !== app.viewId) {
      early = early.concat(list);
      return;
    }
    list.forEach(add); // oldest first: the newest ends on top
    render();
  }

  function render() {
    const t = app.t();
    const d = shown.view === app.viewId ? shown.data : null;
    $('corrections-count').textContent = shown.failed ? '— ' + t.unavailable
      : d ? fill(t.correctionsCount, { n: app.intText(d.total) }) : t.loading;
    const list = $('corrections');
    if (!d) {
      list.replaceChildren();
      return;
    }
    if (!d.items.length) {
      list.replaceChildren(el('li', 'empty', t.correctionsNone));
      return;
    }
    list.replaceChildren(...d.items.map((c) => {
      const li = el('li', 'late-item correction-item');
      li.dataset.unit = c.station_id;
      li.dataset.correction = c.correction_id;
      const top = el('div', 'late-top');
      const field = c.field === 'registered' ? t.correctionList : t.correctionVoted;
      top.append(el('span', 'late-name', c.name),
        el('span', 'correction-change', field + ': ' + app.intText(c.before) + ' → ' + app.intText(c.after)));
      const sender = c.sent_by ? fill(t.correctionSentBy, { by: c.sent_by }) : t.correctionNoSender;
      const about = el('div', 'path', app.clockText(c.observed_at) + ' · ' + fill(t.correctionSource, { source: c.source })
        + ' · ' + sender);
      // The path above the area, as the late list shows it: the area's own name is the line's title.
      li.append(top, about, el('div', 'path', (c.path || []).slice(0, -1).join(' › ')));
      return li;
    }));
  }

  return {
    render,
    onFrame,
    /** After a (re)connect frames may have been missed: the list again. */
    connected() {
      load();
    },
    viewChanged() {
      shown = { data: null, failed: false, view: null };
      render();
      load();
    },
    unitsChanged() {
    }
  };
}
