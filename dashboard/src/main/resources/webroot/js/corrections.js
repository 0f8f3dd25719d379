// Corrections on record of the unit in view (GET .../corrections, issue 15): readings that lowered a counter or
// changed a list, newest first, refreshed every 10 s like the late list: before → after, field, time, who sent it.
import { $, el, fill, getJson, every } from './util.js';

const CORRECTIONS_LIMIT = 50;
const CORRECTIONS_REFRESH_MS = 10000;

export function createCorrections(app) {
  let shown = { data: null, failed: false, view: null };
  let seq = 0;

  async function load() {
    const view = app.viewId;
    if (!view) {
      return;
    }
    const mine = ++seq;
    const data = await getJson(app.unitUrl(view, '/corrections?limit=' + CORRECTIONS_LIMIT));
    if (mine !== seq || view !== app.viewId) {
      return;
    }
    const ok = data && Array.isArray(data.items);
    shown = { data: ok ? data : null, failed: !ok, view };
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

  every(CORRECTIONS_REFRESH_MS, load);

  return {
    render,
    viewChanged() {
      shown = { data: null, failed: false, view: null };
      render();
      load();
    },
    unitsChanged() {
    }
  };
}
