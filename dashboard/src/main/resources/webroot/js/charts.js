// Hand-drawn SVG charts of the unit in view: the turnout curve (actual, target, previous election) over the
// local day 05:00-21:00 with checkpoint markers, and the histogram of polling-area turnout (101 bins).
import { $, el, svg, fill, getJson, every, localClock, parseTime, minuteOfDay } from './util.js';

// Drawing units are CSS pixels of a 1920x1080 wall (1 rem = 16), so type keeps its size on any screen.
let W = 800;
let H = 340;
const M = { left: 56, right: 18, top: 18, bottom: 40 };
const CURVE_TOP = 34; // the curve keeps a band above its plot for the checkpoint labels, where no line goes
const HIST_TOP = 18;
const CURVE_LEFT = 56;
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

  /** The previous election's label in the page's language: label_en in English, else the one label. */
  function baselineLabel(b) {
    return String((app.lang === 'en' && b.label_en) || b.label || '');
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
    M.top = CURVE_TOP;
    M.left = CURVE_LEFT;
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
    // Checkpoint labels in the band above the plot, centred on their line, skipped where they would touch.
    const taken = [];
    let lastRight = -Infinity;
    (Array.isArray(meta.checkpoints) ? meta.checkpoints : []).map(minuteOfDay)
      .filter((m) => m !== null && m >= DAY_FROM && m <= DAY_TO).forEach((m) => {
        s.appendChild(svg('line', { x1: px(m), x2: px(m), y1: M.top, y2: H - M.bottom, class: 'checkpoint' }));
        const label = svg('text', { x: px(m), y: M.top - 9, class: 'checkpoint-label', 'text-anchor': 'middle' }, hhmm(m));
        s.appendChild(label);
        const box = textBox(label, px(m), M.top - 9, 'middle', 13);
        if (box.x < lastRight + 6 || box.x < 0 || box.x + box.w > W) {
          label.remove();
        } else {
          lastRight = box.x + box.w;
          taken.push(box);
        }
      });
    s.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
    const asOfMinute = app.asOf ? minuteOfDay(app.asOf) : null;
    if (asOfMinute !== null && /^\d{1,2}:\d{2}$/.test(app.asOf) && asOfMinute >= DAY_FROM && asOfMinute <= DAY_TO) {
      // The time the page shows figures of: the curve itself is the whole day, drawn as it is now.
      s.appendChild(svg('line', { x1: px(asOfMinute), x2: px(asOfMinute), y1: M.top, y2: H - M.bottom, class: 'asof-mark' }));
    }
    if (d) {
      const baseline = d.baseline && Array.isArray(d.baseline.points) ? dayCurve(d.baseline.points) : [];
      const target = dayCurve(d.target);
      const actual = actualCurve(d.points);
      if (baseline.length) {
        s.appendChild(polyline(baseline, 'line-baseline'));
      }
      if (target.length) {
        s.appendChild(polyline(target, 'line-target'));
      }
      if (actual.length) {
        s.appendChild(polyline(actual.map((p) => [p.x, p.y]), 'line-actual'));
        const last = actual[actual.length - 1];
        s.appendChild(svg('circle', { cx: last.x, cy: last.y, r: 5, class: 'dot-actual' }));
        placeLabel(s, app.pctText(last.v), 'value-label', 18, [[last.x, last.y]], taken,
          [actual.map((p) => [p.x, p.y]), baseline, target], true);
      }
      if (baseline.length && baselineLabel(d.baseline)) {
        placeLabel(s, baselineLabel(d.baseline), 'baseline-label', 14, baseline, taken,
          [baseline, target, actual.map((p) => [p.x, p.y])]);
      }
    }
    if (!d) {
      s.appendChild(svg('text', { x: W / 2, y: H / 2, class: 'no-data', 'text-anchor': 'middle' }, '— ' + (curve.failed ? app.t().unavailable : app.t().loading)));
    }
    const legend = [['swatch-line actual', app.t().curveActual], ['swatch-line target', app.t().curveTarget]];
    if (d && d.baseline) {
      legend.push(['swatch-line baseline', fill(app.t().curveBaseline, { label: baselineLabel(d.baseline) })]);
    }
    $('curve-legend').replaceChildren(...legend.map((l) => {
      const item = el('span', 'legend-item');
      item.append(el('span', l[0]), el('span', null, l[1]));
      return item;
    }));
  }

  /** The box of a drawn text, measured when the browser can, else estimated from its length. */
  function textBox(node, x, y, anchor, fontPx) {
    let w = 0;
    try {
      w = node.getComputedTextLength();
    } catch (e) {
      w = 0;
    }
    if (!w) {
      w = String(node.textContent).length * fontPx * 0.56;
    }
    const left = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
    return { x: left - 2, y: y - fontPx, w: w + 4, h: fontPx * 1.3 };
  }

  const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  /**
   * Puts a curve's label next to one of its points where it touches no other label and crosses as few lines as
   * possible, where its curve runs apart from the others (all three meet near 100% at the close). lines[0] is
   * the label's own curve.
   */
  function placeLabel(s, text, cls, fontPx, points, taken, lines, always) {
    const node = svg('text', { x: 0, y: 0, class: cls, 'text-anchor': 'start' }, text);
    s.appendChild(node);
    const probe = textBox(node, 0, 0, 'start', fontPx);
    const w = probe.w;
    const h = probe.h;
    const samples = [];
    const others = []; // samples of the other curves: a label reads best where its curve is apart from them
    lines.forEach((line, li) => {
      for (let i = 1; i < line.length; i += 1) {
        const a = line[i - 1];
        const b = line[i];
        const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 4));
        for (let k = 0; k < n; k += 1) {
          const q = [a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n];
          samples.push(q);
          if (li > 0) {
            others.push(q);
          }
        }
      }
    });
    const plot = { x: M.left, y: M.top, w: W - M.left - M.right, h: H - M.top - M.bottom };
    const anchors = [];
    points.forEach((p, i) => {
      if (i > 0) {
        const a = points[i - 1];
        const n = Math.ceil(Math.hypot(p[0] - a[0], p[1] - a[1]) / 24);
        for (let k = 1; k < n; k += 1) {
          anchors.push([a[0] + ((p[0] - a[0]) * k) / n, a[1] + ((p[1] - a[1]) * k) / n]);
        }
      }
      anchors.push(p);
    });
    const offsets = [[8, -h - 4], [8, 4], [-w - 8, -h - 4], [-w - 8, 4], [-w / 2, 10], [-w / 2, -h - 10], [8, -h / 2], [-w - 8, -h / 2]];
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    let best = null;
    anchors.forEach((p, i) => {
      const crowd = others.filter((q) => Math.abs(q[0] - p[0]) < 20 && Math.abs(q[1] - p[1]) < 20).length * 0.3;
      offsets.forEach((o, k) => {
        // kept inside the plot (a label at 100% would otherwise sit in the checkpoint band)
        const box = { x: clamp(p[0] + o[0], plot.x, plot.x + plot.w - w), y: clamp(p[1] + o[1], plot.y, plot.y + plot.h - h), w, h };
        const pad = { x: box.x - 5, y: box.y - 6, w: box.w + 10, h: box.h + 10 }; // room for the diacritics
        let cost = taken.some((t) => overlap(t, pad)) ? 1000 : 0;
        samples.forEach((q) => {
          if (q[0] >= pad.x && q[0] <= pad.x + pad.w && q[1] >= pad.y && q[1] <= pad.y + pad.h) {
            cost += 1;
          }
        });
        // later points first (the label reads as the curve's end), then the order of the offsets
        cost += crowd + ((anchors.length - 1 - i) / anchors.length) * 3 + k * 0.01;
        if (!best || cost < best.cost) {
          best = { cost, box };
        }
      });
    });
    if (!best || (best.cost >= 1000 && !always)) {
      node.remove(); // the legend still names the curve
      return;
    }
    node.setAttribute('x', String(best.box.x + 2));
    node.setAttribute('y', String(best.box.y + fontPx));
    taken.push(best.box);
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
    M.top = HIST_TOP;
    M.left = CURVE_LEFT;
    const d = hist.view === app.viewId ? hist.data : null;
    const s = frame($('hist'));
    s.setAttribute('aria-label', app.t().histTitle);
    const bins = d && Array.isArray(d.bins) ? d.bins : [];
    const max = niceMax(bins.reduce((m, b) => Math.max(m, Number(b.count) || 0), 0));
    M.left = Math.max(CURVE_LEFT, app.fmt.int.format(max).length * 9 + 16); // "100.000" needs more than "100%"
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
