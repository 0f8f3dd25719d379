// Tables of the unit in view: its children (sorted in the browser, they come with the snapshot), the polling
// areas below it (sorted and paged by the server, GET .../areas) and the late/silent list (refreshed every 10 s).
import { $, el, button, fill, getJson, every } from './util.js';

const AREAS_PAGE = 50;
const LATE_LIMIT = 50;
const LATE_REFRESH_MS = 10000;
const AREAS_REFRESH_MS = 15000;

export function createTables(app) {
  const childSort = { key: null, desc: false };
  const areas = { sort: 'turnout_pct', order: 'asc', offset: 0, data: null, failed: false, view: null };
  let late = { data: null, failed: false, view: null };
  let areasSeq = 0;
  let lateSeq = 0;

  // ---- children -----------------------------------------------------------------------------

  const CHILD_COLS = [
    { key: 'name', label: 'colName', value: (u) => String(u.name || '').toLocaleLowerCase(), num: false },
    { key: 'turnout_pct', label: 'colTurnout', value: (u) => numOr(u.turnout_pct, -1), num: true },
    { key: 'voted', label: 'colVoted', value: (u) => numOr(u.voted, -1), num: true },
    { key: 'registered', label: 'colRegistered', value: (u) => numOr(u.registered, -1), num: true },
    { key: 'complete', label: 'colComplete', value: (u) => completeShare(u), num: true },
    { key: 'as_of', label: 'colAsOf', value: (u) => u.as_of || '', num: false }
  ];

  function numOr(v, dflt) {
    return v === null || v === undefined ? dflt : Number(v);
  }

  function completeShare(u) {
    if (app.isLeaf(u)) {
      return u.registered > 0 && u.voted >= u.registered ? 1 : 0;
    }
    const leaf = app.leafEntry(u);
    return leaf && leaf.total > 0 ? leaf.complete / leaf.total : -1;
  }

  function completeText(u) {
    if (app.isLeaf(u)) {
      return u.registered > 0 && u.voted >= u.registered ? '100%' : '—';
    }
    const leaf = app.leafEntry(u);
    return leaf ? app.ratio(leaf.complete, leaf.total) : '—';
  }

  function header(cols, active, desc, onSort) {
    const tr = el('tr');
    cols.forEach((c) => {
      const th = el('th', c.num ? 'num' : null);
      if (c.sortable === false) {
        th.textContent = app.t()[c.label];
      } else {
        const b = button('sort', app.t()[c.label], () => onSort(c.key));
        b.dataset.sort = c.key;
        th.appendChild(b);
        if (active === c.key) {
          th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
          b.appendChild(el('span', 'arrow', desc ? ' ▼' : ' ▲'));
        }
      }
      tr.appendChild(th);
    });
    const thead = el('thead');
    thead.appendChild(tr);
    return thead;
  }

  function nameCell(u) {
    const td = el('td', 'name');
    if (!app.isLeaf(u)) {
      td.appendChild(button('link', u.name, () => app.navigate(u.unit_id)));
    } else {
      td.textContent = u.name;
    }
    return td;
  }

  function renderChildren() {
    const section = $('children-section');
    const atRoot = app.viewId === app.rootId;
    section.hidden = !app.viewId || (atRoot && app.layout === 'wall');
    const kids = app.childIds.map((id) => app.units.get(id)).filter(Boolean);
    const first = kids[0];
    $('children-title').textContent = first
      ? fill(app.t().childrenTitle, { n: app.intText(kids.length), level: app.levelCounted(first.level) }) : '';
    const empty = $('children-empty');
    // As of a time with no children's figures, the view's note says why (travel.js); no "no units below" here.
    empty.hidden = kids.length > 0 || !app.viewId || Boolean(app.asOf);
    empty.textContent = app.t().noChildren;
    if (childSort.key) {
      const col = CHILD_COLS.find((c) => c.key === childSort.key);
      kids.sort((a, b) => {
        const va = col.value(a);
        const vb = col.value(b);
        const cmp = va < vb ? -1 : va > vb ? 1 : 0;
        return childSort.desc ? -cmp : cmp;
      });
    }
    const body = el('tbody');
    kids.forEach((u) => {
      const tr = el('tr');
      tr.dataset.unit = u.unit_id;
      const pct = el('td', 'num pct', app.pctText(u.turnout_pct));
      pct.classList.toggle('at-target', app.atTarget(u));
      tr.append(nameCell(u), pct, el('td', 'num', app.intText(u.voted)), el('td', 'num', app.intText(u.registered)),
        el('td', 'num', completeText(u)), el('td', 'num time', app.clockText(u.as_of)));
      body.appendChild(tr);
    });
    const table = $('children-table');
    table.replaceChildren(header(CHILD_COLS, childSort.key, childSort.desc, (key) => {
      childSort.desc = childSort.key === key ? !childSort.desc : key !== 'name';
      childSort.key = key;
      renderChildren();
    }), body);
    table.hidden = kids.length === 0;
  }

  // ---- polling areas (server-side sort and paging) -----------------------------------------

  const AREA_COLS = [
    { key: 'name', label: 'colName', num: false },
    { key: 'turnout_pct', label: 'colTurnout', num: true },
    { key: 'voted', label: 'colVoted', num: true },
    { key: 'registered', label: 'colRegistered', num: true },
    { key: 'as_of', label: 'colAsOf', num: true },
    { key: 'silent_minutes', label: 'colSilent', num: true }
  ];

  /** The areas table is for views whose children are not already the polling areas. */
  function areasWanted() {
    if (!app.viewId || app.viewId === app.rootId || !app.meta || app.asOf) {
      return false; // as of a past time: the polling areas' past is not kept, their live figures are not shown
    }
    const u = app.units.get(app.viewId);
    const first = app.units.get(app.childIds[0]);
    return !!u && !app.isLeaf(u) && !!first && !app.isLeaf(first);
  }

  async function loadAreas() {
    if (!areasWanted()) {
      areas.data = null;
      renderAreas();
      return;
    }
    const seq = ++areasSeq;
    const view = app.viewId;
    const q = new URLSearchParams({ sort: areas.sort, order: areas.order, offset: String(areas.offset), limit: String(AREAS_PAGE) });
    const data = await getJson(app.unitUrl(view, '/areas?' + q.toString()));
    if (seq !== areasSeq || view !== app.viewId) {
      return;
    }
    if (data) {
      app.noteClock(data.clock);
    }
    areas.failed = !data || !Array.isArray(data.items);
    areas.data = areas.failed ? null : data;
    areas.view = view;
    renderAreas();
  }

  function silentText(item) {
    if (item.silent_minutes === null || item.silent_minutes === undefined) {
      return item.as_of ? '—' : app.t().neverReported;
    }
    return app.silentText(item.silent_minutes, true); // the column is headed "Silent"
  }

  function renderAreas() {
    const section = $('areas-section');
    const wanted = areasWanted();
    section.hidden = !wanted;
    if (!wanted) {
      return;
    }
    const d = areas.data && areas.view === app.viewId ? areas.data : null;
    const total = d ? Number(d.total) : null;
    $('areas-title').textContent = fill(app.t().areasTitle, { total: total === null ? '—' : app.intText(total) });
    $('areas-note').textContent = areas.failed ? '— ' + app.t().unavailable : '';
    section.classList.toggle('failed', areas.failed);
    const prev = $('areas-prev');
    const next = $('areas-next');
    prev.textContent = app.t().prev;
    next.textContent = app.t().next;
    prev.disabled = !d || areas.offset <= 0;
    next.disabled = !d || areas.offset + AREAS_PAGE >= total;
    $('areas-page').textContent = d && total > 0 ? fill(app.t().pageOf, {
      from: app.intText(areas.offset + 1), to: app.intText(Math.min(total, areas.offset + d.items.length)), total: app.intText(total)
    }) : '';
    const body = el('tbody');
    (d ? d.items : []).forEach((item) => {
      const tr = el('tr');
      tr.dataset.unit = item.unit_id;
      const name = el('td', 'name');
      name.append(el('span', 'area-name', item.name), el('span', 'path', item.path || ''));
      const pct = el('td', 'num pct', app.pctText(item.turnout_pct));
      pct.classList.toggle('at-target', app.atTarget(item));
      tr.append(name, pct, el('td', 'num', app.intText(item.voted)), el('td', 'num', app.intText(item.registered)),
        el('td', 'num time', app.clockText(item.as_of)), el('td', 'num', silentText(item)));
      body.appendChild(tr);
    });
    $('areas-table').replaceChildren(header(AREA_COLS, areas.sort, areas.order === 'desc', (key) => {
      areas.order = areas.sort === key && areas.order === 'asc' ? 'desc' : 'asc';
      areas.sort = key;
      areas.offset = 0;
      loadAreas();
    }), body);
  }

  // ---- late and silent polling areas -------------------------------------------------------

  async function loadLate() {
    const view = app.viewId;
    if (!view) {
      return;
    }
    const seq = ++lateSeq;
    const data = await getJson(app.unitUrl(view, '/areas?filter=late&sort=silent_minutes&order=desc&limit=' + LATE_LIMIT));
    if (seq !== lateSeq || view !== app.viewId) {
      return;
    }
    if (data) {
      app.noteClock(data.clock);
    }
    late = { data: data && Array.isArray(data.items) ? data : null, failed: !data || !Array.isArray(data.items), view };
    renderLate();
  }

  function renderLate() {
    const d = late.view === app.viewId ? late.data : null;
    $('late-count').textContent = late.failed ? '— ' + app.t().unavailable
      : d ? fill(app.t().lateCount, { n: app.intText(d.total) }) : app.t().loading;
    const list = $('late');
    if (!d) {
      list.replaceChildren();
      return;
    }
    if (!d.items.length) {
      list.replaceChildren(el('li', 'empty', app.t().lateNone));
      return;
    }
    list.replaceChildren(...d.items.map((item) => {
      const li = el('li', 'late-item');
      li.dataset.unit = item.unit_id;
      const never = item.silent_minutes === null || item.silent_minutes === undefined;
      li.classList.toggle('never', never);
      const top = el('div', 'late-top');
      top.append(el('span', 'late-name', item.name), el('span', 'late-silent', never ? app.t().neverReported
        : app.silentText(item.silent_minutes)));
      li.append(top, el('div', 'path', item.path || ''));
      return li;
    }));
  }

  // ---- wiring ---------------------------------------------------------------------------------

  $('areas-prev').addEventListener('click', () => {
    areas.offset = Math.max(0, areas.offset - AREAS_PAGE);
    loadAreas();
  });
  $('areas-next').addEventListener('click', () => {
    areas.offset += AREAS_PAGE;
    loadAreas();
  });
  every(LATE_REFRESH_MS, loadLate);
  every(AREAS_REFRESH_MS, loadAreas);

  return {
    render() {
      renderChildren();
      renderAreas();
      renderLate();
    },
    viewChanged() {
      childSort.key = null;
      areas.offset = 0;
      areas.data = null;
      areas.failed = false;
      late = { data: null, failed: false, view: null };
      renderChildren();
      renderAreas();
      renderLate();
      loadAreas();
      loadLate();
    },
    unitsChanged(ids) {
      if (ids.some((id) => app.childIds.indexOf(id) >= 0)) {
        renderChildren();
      }
    }
  };
}
