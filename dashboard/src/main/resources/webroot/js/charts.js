// Hand-drawn SVG charts of the unit in view: the turnout curve (actual, target, previous election) over the
// local day 05:00-21:00 with checkpoint markers, and the histogram of polling-area turnout (101 bins).
import { $, el, svg, fill, getJson, every, localClock, parseTime, minuteOfDay } from './util.js';

// Drawing units are CSS pixels of a 1920x1080 wall (1 rem = 16), so type keeps its size on any screen.
let W = 800;
let H = 340;
const M = { left: 56, right: 18, top: 18, bottom: 40 };
const DAY_FROM = 5 * 60;
const DAY_TO = 21 * 60;
const CURVE_REFRESH_MS = 30000;
const HIST_REFRESH_MS = 10000;

export function createCharts(app) {
  let curve = { data: null, failed: false, view: null };
  let hist = { data: null, failed: false, view: null };
  let curveSeq = 0;
  let histSeq = 0;

  const px = (minute) => M.left + ((minute - DAY_FROM) / (DAY_TO - DAY_FROM)) * (W - M.left - M.right);
  const py = (pct) => H - M.bottom - (Math.max(0, Math.min(100, pct)) / 100) * (H - M.top - M.bottom);
  const hhmm = (minute) => String(Math.floor(minute / 60)).padStart(2, '0') + ':' + String(minute % 60).padStart(2, '0');

  function frame(root) {
    const rem = parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 16;
    W = Math.max(320, Math.round((root.clientWidth * 16) / rem));
    H = Math.max(160, Math.round((root.clientHeight * 16) / rem));
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart-drawing', role: 'img', preserveAspectRatio: 'xMidYMid meet' });
    root.replaceChildren(s);
    return s;
  }

  function polyline(points, cls) {
    return svg('polyline', { points: points.map((p) => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' '), class: cls, fill: 'none' });
  }

  // ---- turnout curve --------------------------------------------------------------------------

  /** Time-of-day curves ({time, turnout_pct}) in drawing coordinates, clipped to the day shown. */
  function dayCurve(points) {
    return (Array.isArray(points) ? points : [])
      .map((p) => [minuteOfDay(p.time), Number(p.turnout_pct)])
      .filter((p) => p[0] !== null && p[0] >= DAY_FROM && p[0] <= DAY_TO && Number.isFinite(p[1]))
      .map((p) => [px(p[0]), py(p[1])]);
  }

  /** Actual points of the latest local day in the data's zone. */
  function actualCurve(points) {
    const list = (Array.isArray(points) ? points : [])
      .map((p) => ({ d: parseTime(p.t), v: p.turnout_pct }))
      .filter((p) => p.d && p.v !== null && p.v !== undefined)
      .map((p) => Object.assign(localClock(app.fmt, p.d), { v: Number(p.v) }));
    if (!list.length) {
      return [];
    }
    const day = list[list.length - 1].day;
    return list.filter((p) => p.day === day && p.minute >= DAY_FROM && p.minute <= DAY_TO)
      .map((p) => ({ x: px(p.minute), y: py(p.v), v: p.v }));
  }

  function drawCurve() {
    const root = $('curve');
    const d = curve.view === app.viewId ? curve.data : null;
    $('curve-note').textContent = curve.failed ? '— ' + app.t().unavailable : '';
    const s = frame(root);
    s.setAttribute('aria-label', app.t().curveTitle);
    const meta = app.meta || {};
    const voting = meta.voting || {};
    const opens = minuteOfDay(voting.opens);
    const closes = minuteOfDay(voting.closes);
    if (opens !== null && closes !== null) {
      s.appendChild(svg('rect', { x: px(opens), y: M.top, width: px(closes) - px(opens), height: H - M.top - M.bottom, class: 'voting-window' }));
    }
    for (let v = 0; v <= 100; v += 20) {
      s.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: py(v), y2: py(v), class: 'grid' }));
      s.appendChild(svg('text', { x: M.left - 8, y: py(v) + 5, class: 'axis-label', 'text-anchor': 'end' }, app.fmt.int.format(v) + '%'));
    }
    const step = W < 640 ? 240 : 120;
    for (let m = DAY_FROM; m <= DAY_TO; m += step) {
      s.appendChild(svg('text', { x: px(m), y: H - M.bottom + 24, class: 'axis-label', 'text-anchor': 'middle' }, hhmm(m)));
    }
    let lastLabel = -Infinity;
    (Array.isArray(meta.checkpoints) ? meta.checkpoints : []).map(minuteOfDay).filter((m) => m !== null).forEach((m) => {
      s.appendChild(svg('line', { x1: px(m), x2: px(m), y1: M.top, y2: H - M.bottom, class: 'checkpoint' }));
      if (px(m) - lastLabel >= 46) { // labels only where they do not overlap
        s.appendChild(svg('text', { x: px(m) + 3, y: M.top + 12, class: 'checkpoint-label' }, hhmm(m)));
        lastLabel = px(m);
      }
    });
    s.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
    if (d) {
      const baseline = d.baseline && Array.isArray(d.baseline.points) ? dayCurve(d.baseline.points) : [];
      if (baseline.length) {
        s.appendChild(polyline(baseline, 'line-baseline'));
        const last = baseline[baseline.length - 1];
        s.appendChild(svg('text', { x: Math.min(last[0], W - M.right) - 4, y: last[1] + 16, class: 'baseline-label', 'text-anchor': 'end' }, String(d.baseline.label || '')));
      }
      const target = dayCurve(d.target);
      if (target.length) {
        s.appendChild(polyline(target, 'line-target'));
      }
      const actual = actualCurve(d.points);
      if (actual.length) {
        s.appendChild(polyline(actual.map((p) => [p.x, p.y]), 'line-actual'));
        const last = actual[actual.length - 1];
        s.appendChild(svg('circle', { cx: last.x, cy: last.y, r: 5, class: 'dot-actual' }));
        s.appendChild(svg('text', { x: last.x + (last.x > W - 120 ? -8 : 8), y: Math.max(M.top + 14, last.y - 8), class: 'value-label',
          'text-anchor': last.x > W - 120 ? 'end' : 'start' }, app.pctText(last.v)));
      }
    }
    if (!d) {
      s.appendChild(svg('text', { x: W / 2, y: H / 2, class: 'no-data', 'text-anchor': 'middle' }, '— ' + (curve.failed ? app.t().unavailable : app.t().loading)));
    }
    const legend = [['swatch-line actual', app.t().curveActual], ['swatch-line target', app.t().curveTarget]];
    if (d && d.baseline) {
      legend.push(['swatch-line baseline', fill(app.t().curveBaseline, { label: String(d.baseline.label || '') })]);
    }
    $('curve-legend').replaceChildren(...legend.map((l) => {
      const item = el('span', 'legend-item');
      item.append(el('span', l[0]), el('span', null, l[1]));
      return item;
    }));
  }

  async function loadCurve() {
    const view = app.viewId;
    if (!view) {
      return;
    }
    const seq = ++curveSeq;
    const data = await getJson(app.unitUrl(view, '/history'));
    if (seq !== curveSeq || view !== app.viewId) {
      return;
    }
    curve = { data: data && typeof data === 'object' ? data : null, failed: !data, view };
    drawCurve();
  }

  // ---- histogram ------------------------------------------------------------------------------

  function niceMax(n) {
    if (n <= 5) {
      return 5;
    }
    const p = Math.pow(10, Math.floor(Math.log10(n)));
    const f = [1, 2, 2.5, 5, 10].find((k) => k * p >= n);
    return f * p;
  }

  function drawHistogram() {
    const d = hist.view === app.viewId ? hist.data : null;
    const s = frame($('hist'));
    s.setAttribute('aria-label', app.t().histTitle);
    const bins = d && Array.isArray(d.bins) ? d.bins : [];
    const max = niceMax(bins.reduce((m, b) => Math.max(m, Number(b.count) || 0), 0));
    const plotW = W - M.left - M.right;
    const slot = plotW / 101;
    const y = (c) => H - M.bottom - (c / max) * (H - M.top - M.bottom);
    [0, max / 2, max].filter((v) => Number.isInteger(v)).forEach((v) => {
      s.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'grid' }));
      s.appendChild(svg('text', { x: M.left - 8, y: y(v) + 5, class: 'axis-label', 'text-anchor': 'end' }, app.fmt.int.format(v)));
    });
    const target = app.targetPct();
    if (target !== null) {
      const tx = M.left + Math.min(100, target) * slot;
      s.appendChild(svg('line', { x1: tx, x2: tx, y1: M.top, y2: H - M.bottom, class: 'checkpoint' }));
    }
    bins.forEach((b, i) => {
      const c = Number(b.count) || 0;
      if (c <= 0) {
        return;
      }
      const exact = Number(b.from) === 100;
      const h = Math.max(1.5, H - M.bottom - y(c));
      const bar = svg('rect', { x: M.left + i * slot + 0.5, y: H - M.bottom - h, width: Math.max(1, slot - 1), height: h,
        class: exact ? 'hbar-exact' : Number(b.from) >= (target === null ? 100 : Math.floor(target)) ? 'hbar-high' : 'hbar' });
      bar.appendChild(svg('title', {}, (exact ? '100%' : app.fmt.int.format(b.from) + '–' + app.fmt.int.format(b.to) + '%') + ': ' + app.fmt.int.format(c)));
      s.appendChild(bar);
    });
    s.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
    for (let v = 0; v <= 100; v += W < 640 ? 20 : 10) {
      s.appendChild(svg('text', { x: M.left + v * slot + slot / 2, y: H - M.bottom + 20, class: 'axis-label', 'text-anchor': 'middle' }, app.fmt.int.format(v)));
    }
    s.appendChild(svg('text', { x: W - M.right, y: H - 2, class: 'axis-title', 'text-anchor': 'end' }, app.t().histAxis));
    if (!d) {
      s.appendChild(svg('text', { x: W / 2, y: H / 2, class: 'no-data', 'text-anchor': 'middle' }, '— ' + (hist.failed ? app.t().unavailable : app.t().loading)));
    }
    const notes = [];
    if (d) {
      notes.push(fill(app.t().histAreas, { reporting: app.intText(d.reporting), areas: app.intText(d.areas) }));
      if (Number(d.over_100) > 0) {
        notes.push(fill(app.t().histOver, { n: app.intText(d.over_100) }));
      }
    }
    $('hist-note').textContent = hist.failed ? '— ' + app.t().unavailable : '';
    const legend = $('hist-legend');
    legend.replaceChildren(...notes.map((n, i) => el('span', i === 1 ? 'legend-item over' : 'legend-item', n)));
  }

  async function loadHistogram() {
    const view = app.viewId;
    if (!view) {
      return;
    }
    const seq = ++histSeq;
    const data = await getJson(app.unitUrl(view, '/histogram'));
    if (seq !== histSeq || view !== app.viewId) {
      return;
    }
    hist = { data: data && Array.isArray(data.bins) ? data : null, failed: !data || !Array.isArray(data.bins), view };
    drawHistogram();
  }

  let redraw = 0;
  const observer = new ResizeObserver(() => {
    window.cancelAnimationFrame(redraw);
    redraw = window.requestAnimationFrame(() => {
      drawCurve();
      drawHistogram();
    });
  });
  observer.observe($('curve'));
  observer.observe($('hist'));
  every(CURVE_REFRESH_MS, loadCurve);
  every(HIST_REFRESH_MS, loadHistogram);

  return {
    render() {
      drawCurve();
      drawHistogram();
    },
    viewChanged() {
      curve = { data: null, failed: false, view: null };
      hist = { data: null, failed: false, view: null };
      drawCurve();
      drawHistogram();
      loadCurve();
      loadHistogram();
    },
    unitsChanged() {
      // the curve and the histogram are refreshed on their own cadence
    }
  };
}
