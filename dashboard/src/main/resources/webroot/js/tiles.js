// The tile map of the root's children: positions from meta.tiles (or a plain grid), each tile coloured by
// turnout on a sequential scale (at/above target in its own colour), short name, %, and active-alert badge.
import { $, el, fill } from './util.js';

/** Long names that do not fit a tile, by their common short form (after "Tỉnh "/"Thành phố " is dropped). */
const ABBREVIATIONS = { 'Hồ Chí Minh': 'TP.HCM', 'Bà Rịa - Vũng Tàu': 'BR-VT', 'Bà Rịa – Vũng Tàu': 'BR-VT' };

/** Upper bounds of the scale's steps; a unit at or above the target gets the target class instead. */
const STEPS = [20, 40, 60, 80, 90, 95, 100];

export function createTiles(app) {
  const tiles = new Map(); // unit id -> { root, name, pct, badge }
  let built = '';
  let shape = null;
  let sea = null;

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

  /** The name on a tile: without "Tỉnh "/"Thành phố " (the full name stays in the tooltip). */
  function shortName(name) {
    const n = String(name || '').replace(/^(Tỉnh|Thành phố|TP\.?)\s+/i, '');
    return ABBREVIATIONS[n] || n;
  }

  /**
   * Cells from meta.tiles (else a plain grid), with empty rows and columns squeezed out: a registry with a few
   * provinces on the national layout (the demo's 6 on 18x6) gets big tiles instead of a sparse sheet.
   */
  function layout(ids) {
    const spec = app.meta && app.meta.tiles;
    const pos = spec && spec.positions ? spec.positions : null;
    let at;
    if (pos && spec.rows > 0 && spec.cols > 0 && ids.length && ids.every((id) => Array.isArray(pos[id]))) {
      at = (id) => pos[id];
    } else {
      const c = Math.max(1, Math.ceil(Math.sqrt(ids.length * 0.75)));
      at = (id) => [Math.floor(ids.indexOf(id) / c), ids.indexOf(id) % c];
    }
    const usedRows = Array.from(new Set(ids.map((id) => at(id)[0]))).sort((a, b) => a - b);
    const usedCols = Array.from(new Set(ids.map((id) => at(id)[1]))).sort((a, b) => a - b);
    const cells = new Map(ids.map((id) => [id, [usedRows.indexOf(at(id)[0]), usedCols.indexOf(at(id)[1])]]));
    return { rows: Math.max(1, usedRows.length), cols: Math.max(1, usedCols.length), at: (id) => cells.get(id) };
  }

  /** The largest block of empty cells (rows x cols) of the map, the "sea" where the legend can go. */
  function emptyBlock(l, ids) {
    const taken = [];
    for (let r = 0; r < l.rows; r += 1) {
      taken.push(new Array(l.cols).fill(false));
    }
    ids.forEach((id) => {
      const p = l.at(id);
      taken[p[0]][p[1]] = true;
    });
    let best = null;
    for (let r0 = 0; r0 < l.rows; r0 += 1) {
      for (let c0 = 0; c0 < l.cols; c0 += 1) {
        for (let r1 = r0; r1 < l.rows && !taken[r1][c0]; r1 += 1) {
          for (let c1 = c0; c1 < l.cols; c1 += 1) {
            let free = true;
            for (let r = r0; r <= r1 && free; r += 1) {
              free = !taken[r][c1];
            }
            if (!free) {
              break;
            }
            const area = (r1 - r0 + 1) * (c1 - c0 + 1);
            if (!best || area > best.area) {
              best = { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1, area };
            }
          }
        }
      }
    }
    return best;
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
    shape = layout(ids);
    sea = emptyBlock(shape, ids);
    const nodes = ids.map((id) => {
      const root = el('button', 'tile');
      root.type = 'button';
      root.dataset.unit = id;
      root.dataset.testid = 'tile-' + id;
      const p = shape.at(id);
      root.style.gridRow = String(p[0] + 1);
      root.style.gridColumn = String(p[1] + 1);
      root.addEventListener('click', () => app.navigate(id));
      const name = el('span', 'tile-name');
      const pct = el('span', 'tile-pct');
      const badge = el('span', 'tile-badge');
      badge.hidden = true;
      root.append(name, pct, badge);
      tiles.set(id, { root, name, pct, badge, alerts: 0 });
      return root;
    });
    const legend = $('legend');
    if (legend.parentNode === box) {
      box.after(legend); // the legend may sit in the map's sea: keep it out of the way of the new tiles
    }
    box.replaceChildren(...nodes);
    built = ids.join(',') + '|' + (app.meta ? 'm' : '');
    size();
  }

  /**
   * Tile size from the panel: as big as the rows and columns allow, about square (at most 1.6 wide, 1.1 tall),
   * with a small gap; the type follows the tile. In the desk layout the page scrolls, so the map gets the height
   * its rows need instead of squeezing into a fixed box. The legend goes into the map's largest empty block
   * when it fits there, else under the map.
   */
  function size(again) {
    const box = $('tiles');
    const legend = $('legend');
    if (!shape) {
      return;
    }
    const rem = parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 16;
    const gap = Math.max(2, Math.round(rem * 0.22));
    const desk = app.layout === 'desk';
    box.style.height = desk ? Math.round(Math.max(shape.rows * 3.4, 16) * rem) + 'px' : '';
    const width = box.clientWidth;
    const height = box.clientHeight;
    if (!width || !height) {
      return;
    }
    let ch = (height - gap * (shape.rows - 1)) / shape.rows;
    let cw = (width - gap * (shape.cols - 1)) / shape.cols;
    cw = Math.min(cw, ch * 1.6, rem * 14);
    ch = Math.min(ch, cw * 1.1, rem * 10);
    cw = Math.floor(cw);
    ch = Math.floor(ch);
    box.style.gridTemplateColumns = 'repeat(' + shape.cols + ', ' + cw + 'px)';
    box.style.gridTemplateRows = 'repeat(' + shape.rows + ', ' + ch + 'px)';
    box.style.gap = gap + 'px';
    box.style.setProperty('--tile-font', Math.max(8, Math.min(ch * 0.36, cw * 0.205)).toFixed(1) + 'px');
    const inSea = !!sea && sea.cols * (cw + gap) >= rem * 7 && sea.rows * (ch + gap) >= rem * 12;
    const moved = inSea !== (legend.parentNode === box);
    if (inSea) {
      legend.style.gridRow = (sea.r0 + 1) + ' / span ' + sea.rows;
      legend.style.gridColumn = (sea.c0 + 1) + ' / span ' + sea.cols;
      if (legend.parentNode !== box) {
        box.appendChild(legend);
      }
    } else if (legend.parentNode === box) {
      box.after(legend);
    }
    legend.classList.toggle('in-map', inSea);
    tiles.forEach(fit);
    if (moved && !again) {
      size(true); // the legend under the map takes height from it, in the map it gives it back
    }
  }

  function update(id) {
    const tile = tiles.get(id);
    const u = app.units.get(id);
    if (!tile || !u) {
      return;
    }
    const name = shortName(u.name);
    if (tile.name.textContent !== name) {
      tile.name.textContent = name;
      fit(tile);
    }
    tile.pct.textContent = app.pctText(u.turnout_pct);
    tile.pct.classList.toggle('long', tile.pct.textContent.length > 6); // 100,00%
    tile.root.className = 'tile ' + scaleClass(u);
    const inView = app.path.length > 1 && app.path[1].unit_id === id;
    tile.root.classList.toggle('selected', inView);
    tile.root.title = u.name + ' — ' + app.pctText(u.turnout_pct) + ' — '
      + fill(app.t().votedOf, { voted: app.intText(u.voted), registered: app.intText(u.registered) });
    tile.root.setAttribute('aria-label', u.name + ' ' + app.pctText(u.turnout_pct));
  }

  /** One line when the name fits the tile, else two smaller lines. */
  function fit(tile) {
    tile.name.classList.remove('two-lines');
    if (tile.name.scrollWidth > tile.name.clientWidth) {
      tile.name.classList.add('two-lines');
    }
  }

  function updateBadges() {
    const counts = app.alerts ? app.alerts.countsByTile(app.rootChildIds) : new Map();
    tiles.forEach((tile, id) => {
      const n = counts.get(id) || 0;
      tile.badge.hidden = n === 0;
      tile.alerts = n;

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
    } else {
      size();
    }
    app.rootChildIds.forEach(update);
    updateBadges();
    renderLegend();
  }

  let resized = 0;
  new ResizeObserver(() => {
    window.cancelAnimationFrame(resized);
    resized = window.requestAnimationFrame(size);
  }).observe($('tiles').parentNode);

  return {
    render,
    viewChanged: render,
    unitsChanged: (ids) => ids.forEach(update),
    updateBadges,
    orderedIds
  };
}
