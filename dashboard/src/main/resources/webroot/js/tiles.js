// The tile map of the root's children: positions from meta.tiles (or a plain grid), each tile coloured by
// turnout on a sequential scale (at/above target in its own colour), short name, %, and active-alert badge.
import { $, el, fill } from './util.js';

/** Upper bounds of the scale's steps; a unit at or above the target gets the target class instead. */
const STEPS = [20, 40, 60, 80, 90, 95, 100];

export function createTiles(app) {
  const tiles = new Map(); // unit id -> { root, name, pct, badge }
  let built = '';

  function scaleClass(u) {
    if (!u || u.turnout_pct === null || u.turnout_pct === undefined || !u.as_of) {
      return 'scale-none';
    }
    if (app.atTarget(u)) {
      return 'scale-target';
    }
    const v = Number(u.turnout_pct);
    const i = STEPS.findIndex((s) => v < s);
    return 'scale-' + (i < 0 ? STEPS.length - 1 : i);
  }

  function shortName(name) {
    return String(name || '').replace(/^(Tỉnh|Thành phố|TP\.?)\s+/i, '');
  }

  function layout(ids) {
    const spec = app.meta && app.meta.tiles;
    const pos = spec && spec.positions ? spec.positions : null;
    if (pos && spec.rows > 0 && spec.cols > 0 && ids.every((id) => Array.isArray(pos[id]))) {
      return { rows: spec.rows, cols: spec.cols, at: (id) => pos[id] };
    }
    const cols = Math.max(1, Math.ceil(Math.sqrt(ids.length * 1.2)));
    const rows = Math.max(1, Math.ceil(ids.length / cols));
    return { rows, cols, at: (id) => [Math.floor(ids.indexOf(id) / cols), ids.indexOf(id) % cols] };
  }

  /** The root's children in reading order of the map (row, then column): the kiosk's rotation. */
  function orderedIds() {
    const ids = app.rootChildIds.slice();
    const l = layout(ids);
    return ids.sort((a, b) => {
      const pa = l.at(a);
      const pb = l.at(b);
      return pa[0] - pb[0] || pa[1] - pb[1];
    });
  }

  function build() {
    const ids = app.rootChildIds;
    const box = $('tiles');
    tiles.clear();
    const l = layout(ids);
    box.style.setProperty('--rows', String(l.rows));
    box.style.setProperty('--cols', String(l.cols));
    const nodes = ids.map((id) => {
      const root = el('button', 'tile');
      root.type = 'button';
      root.dataset.unit = id;
      root.dataset.testid = 'tile-' + id;
      const p = l.at(id);
      root.style.gridRow = String(p[0] + 1);
      root.style.gridColumn = String(p[1] + 1);
      root.addEventListener('click', () => app.navigate(id));
      const name = el('span', 'tile-name');
      const pct = el('span', 'tile-pct');
      const badge = el('span', 'tile-badge');
      badge.hidden = true;
      root.append(name, pct, badge);
      tiles.set(id, { root, name, pct, badge });
      return root;
    });
    box.replaceChildren(...nodes);
    built = ids.join(',') + '|' + (app.meta ? 'm' : '');
  }

  function update(id) {
    const tile = tiles.get(id);
    const u = app.units.get(id);
    if (!tile || !u) {
      return;
    }
    tile.name.textContent = shortName(u.name);
    tile.pct.textContent = app.pctText(u.turnout_pct);
    tile.root.className = 'tile ' + scaleClass(u);
    const inView = app.path.length > 1 && app.path[1].unit_id === id;
    tile.root.classList.toggle('selected', inView);
    tile.root.title = u.name + ' — ' + app.pctText(u.turnout_pct) + ' — '
      + fill(app.t().votedOf, { voted: app.intText(u.voted), registered: app.intText(u.registered) });
    tile.root.setAttribute('aria-label', u.name + ' ' + app.pctText(u.turnout_pct));
  }

  function updateBadges() {
    const counts = app.alerts ? app.alerts.countsByTile(app.rootChildIds) : new Map();
    tiles.forEach((tile, id) => {
      const n = counts.get(id) || 0;
      tile.badge.hidden = n === 0;
      tile.badge.textContent = n > 99 ? '99+' : String(n);
      tile.badge.title = fill(app.t().alertsOnTile, { n: app.intText(n) });
    });
  }

  function renderLegend() {
    const items = [];
    const target = app.targetPct();
    let from = 0;
    STEPS.forEach((to, i) => {
      const upper = target !== null && to === 100 ? target : to;
      const sw = el('span', 'legend-item');
      sw.append(el('span', 'swatch scale-' + i), el('span', null, app.fmt.pct1.format(from) + '–' + app.fmt.pct1.format(upper)));
      items.push(sw);
      from = to;
    });
    const t = el('span', 'legend-item');
    t.append(el('span', 'swatch scale-target'), el('span', null, app.t().legendTarget
      + (target !== null ? ' ≥ ' + app.fmt.pct1.format(target) + '%' : '')));
    const none = el('span', 'legend-item');
    none.append(el('span', 'swatch scale-none'), el('span', null, app.t().legendNone));
    const title = el('span', 'legend-title', app.t().legend + ' (%)');
    $('legend').replaceChildren(title, ...items, t, none);
  }

  function render() {
    if (built !== app.rootChildIds.join(',') + '|' + (app.meta ? 'm' : '')) {
      build();
    }
    app.rootChildIds.forEach(update);
    updateBadges();
    renderLegend();
  }

  return {
    render,
    viewChanged: render,
    unitsChanged: (ids) => ids.forEach(update),
    updateBadges,
    orderedIds
  };
}
