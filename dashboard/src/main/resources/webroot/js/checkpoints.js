// The checkpoint table of the unit in view (GET /api/v1/units/{id}/checkpoints): the figures frozen at each
// checkpoint, which never change, and beside them, marked "corrected", the figures at that time as known now when
// a later correction changed them; checkpoints not frozen yet say when they will be.
import { $, el, fill, getJson, every } from './util.js';

const REFRESH_MS = 30000;

export function createCheckpoints(app) {
  let state = { data: null, failed: false, view: null };
  let seq = 0;

  const pct = (f) => app.pctText(f.turnout_pct);
  const voted = (f) => app.ratio(f.voted, f.registered);
  const reporting = (f) => app.ratio(f.areas_reporting, f.areas_total);
  const complete = (f) => (Array.isArray(f.complete_by_level) ? f.complete_by_level : [])
    .map((l) => app.ratio(l.complete, l.total) + ' ' + app.levelCounted(l.level)).join(', ');

  /** A figure frozen, and when a correction changed it, the value now beside it (never over it). */
  function figure(row, show, className) {
    const td = el('td', className, show(row.frozen));
    if (row.changed && row.now) {
      const now = show(row.now);
      if (now !== show(row.frozen)) {
        td.append(' ', el('span', 'cp-now', '→ ' + now));
      }
    }
    return td;
  }

  function header(t) {
    const tr = el('tr');
    [t.cpAt, t.cpTurnout, t.cpVoted, t.cpReporting, t.cpComplete, t.cpFrozenAt].forEach((h) => tr.append(el('th', null, h)));
    return tr;
  }

  function draw() {
    const t = app.t();
    const table = $('checkpoints-table');
    const note = $('checkpoints-note');
    const data = state.data;
    if (!data) {
      table.replaceChildren();
      note.textContent = state.failed ? t.unavailable : t.loading;
      return;
    }
    if (!data.kept) {
      table.replaceChildren();
      note.textContent = t.cpNotKept;
      return;
    }
    note.textContent = fill(t.cpGrace, { m: app.intText(data.grace_minutes) });
    const rows = [header(t)];
    data.checkpoints.forEach((row) => {
      const tr = el('tr', row.changed ? 'cp-changed' : null);
      const at = el('td', null, row.at);
      if (row.changed) {
        at.append(' ', el('span', 'cp-badge', t.cpCorrected));
      }
      tr.append(at);
      if (row.state !== 'frozen' || !row.frozen) {
        const td = el('td', 'cp-pending', fill(t.cpPending, { due: app.hmText(row.due) }));
        td.colSpan = 5;
        tr.append(td);
      } else {
        tr.append(figure(row, pct, 'num'), figure(row, voted, 'num'), figure(row, reporting, 'num'),
          figure(row, complete, null), el('td', 'num', app.clockText(row.frozen.frozen_at)));
      }
      rows.push(tr);
    });
    table.replaceChildren(...rows);
  }

  async function load() {
    const view = app.viewId;
    if (!view) {
      return;
    }
    const mine = ++seq;
    const data = await getJson(app.unitUrl(view, '/checkpoints'));
    if (mine !== seq || view !== app.viewId) {
      return;
    }
    const ok = data && Array.isArray(data.checkpoints);
    state = { data: ok ? data : null, failed: !ok, view };
    draw();
  }

  every(REFRESH_MS, load);

  return {
    render() {
      draw();
    },
    viewChanged() {
      state = { data: null, failed: false, view: null };
      draw();
      load();
    },
    unitsChanged() {
      // frozen figures change at a checkpoint, corrections rarely: refreshed on their own cadence
    }
  };
}
