// Time travel (issue 15): the "View as of" control, the banner and border that say the figures are not live, and the
// figures of the header, the unit in view, its children and the tile map from the as-of endpoints
// (GET /api/v1/units/{id}?as_of=HH:MM and .../children?as_of=HH:MM, docs/contract.md). While a time is set the page
// ignores the websocket's figures (main.js) but keeps the socket, so Live is back at once.
import { $, fill, getReply, localClock, minuteOfDay } from './util.js';

const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function createTravel(app, hooks) {
  let seq = 0;
  /** What the server or the page refused ({ key, values }): shown in the page's language, redrawn on a switch. */
  let error = null;
  /** Why the view's own figures or its children's are missing (a polling area's past is not kept). */
  let note = null;

  const asOfUrl = (id, suffix) => app.unitUrl(id, (suffix || '') + '?as_of=' + encodeURIComponent(app.asOf));

  /** The moment as the banner shows it: "11:00" as given, a date-time as the page's clock text. */
  function shownTime() {
    return TIME_OF_DAY.test(app.asOf || '') ? app.asOf : app.clockText(app.asOf);
  }

  function render() {
    const t = app.t();
    const on = Boolean(app.asOf);
    document.body.classList.toggle('as-of', on);
    const banner = $('asof-banner');
    banner.hidden = !on;
    banner.textContent = on ? fill(t.travelBanner, { at: shownTime() }) : '';
    $('travel-live').disabled = !on;
    $('travel-live').setAttribute('aria-pressed', on ? 'false' : 'true');
    const input = $('travel-time');
    input.setAttribute('aria-label', t.travelLabel);
    if (on && TIME_OF_DAY.test(app.asOf) && document.activeElement !== input) {
      input.value = app.asOf.padStart(5, '0');
    }
    const err = $('travel-error');
    err.hidden = !error;
    err.textContent = error ? fill(t[error.key], error.values) : '';
    const n = $('travel-note');
    n.hidden = !(on && note);
    n.textContent = on && note ? fill(t[note.key], { at: shownTime() }) : '';
  }

  /** The answer's error text (English, from the API) or the status, for the bilingual messages. */
  function why(reply) {
    return reply.json && typeof reply.json.error === 'string' ? reply.json.error : 'HTTP ' + reply.status;
  }

  /** A time after the latest figures (the data clock) has not come yet: the API would answer the latest figures. */
  function inFuture(value) {
    const m = TIME_OF_DAY.exec(value);
    if (!m || !app.dataClock) {
      return false;
    }
    return minuteOfDay(value) > localClock(app.fmt, app.dataClock).minute;
  }

  /** Gives up the time asked for: back to Live with the reason shown. */
  function refuse(key, values) {
    error = { key, values };
    hooks.goLive();
  }

  /** Refuses a time after the latest figures, saying until when there are figures; true when it did. */
  function refusedAsFuture(value) {
    if (!inFuture(value)) {
      return false;
    }
    refuse('travelFuture', { at: value, latest: app.hmText(app.dataClock && app.dataClock.toISOString()) });
    return true;
  }

  /**
   * Loads the figures as of app.asOf for the root (header, tile map), the unit in view and its children, into
   * app.units; called when a time is set, the view changed (a snapshot told the path) or the language did not.
   */
  async function load() {
    if (!app.asOf || !app.rootId || !app.viewId) {
      return;
    }
    if (refusedAsFuture(app.asOf)) {
      return;
    }
    const mine = ++seq;
    const view = app.viewId;
    const asOf = app.asOf;
    const leaf = app.meta ? app.meta.leaf_level : 'polling_area';
    const [root, rootKids, unit, kids] = await Promise.all([
      getReply(asOfUrl(app.rootId)),
      getReply(asOfUrl(app.rootId, '/children')),
      view === app.rootId ? null : getReply(asOfUrl(view)),
      view === app.rootId ? null : getReply(asOfUrl(view, '/children'))
    ]);
    if (mine !== seq || view !== app.viewId || asOf !== app.asOf) {
      return; // a newer time or view is being loaded
    }
    if (!root.ok) {
      // The root is never a polling area: a refusal here is about the time itself (its format, its range).
      if (root.status === 400) {
        refuse('travelRefused', { at: asOf, why: why(root) });
      } else {
        error = { key: 'travelFailed', values: { why: why(root) } };
        render();
      }
      return;
    }
    error = null;
    note = null;
    const units = [root.json].concat(rootKids.ok ? rootKids.json : []);
    let childIds = rootKids.ok ? rootKids.json.map((u) => u.unit_id) : [];
    if (view !== app.rootId) {
      if (unit.ok) {
        units.push(unit.json);
      } else if (unit.status === 400 && app.viewLevel === leaf) {
        note = { key: 'travelAreaNotKept' };
      } else {
        error = { key: 'travelFailed', values: { why: why(unit) } };
      }
      if (kids.ok) {
        childIds = kids.json.map((u) => u.unit_id);
        kids.json.forEach((u) => units.push(u));
      } else {
        childIds = [];
        if (kids.status === 400 && app.viewLevel !== leaf && !note) {
          note = { key: 'travelAreasNotKept' };
        }
      }
    }
    hooks.show(units, childIds, rootKids.ok ? rootKids.json.map((u) => u.unit_id) : null);
    render();
  }

  /** Sets the time (from the control or the address) and loads it; null goes back to Live. */
  function set(value) {
    const v = value === null || value === undefined ? null : String(value).trim();
    if (!v) {
      error = null;
      hooks.goLive();
      return;
    }
    if (refusedAsFuture(v)) {
      return;
    }
    error = null;
    note = null;
    hooks.enter(v);
    load();
  }

  $('travel').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('travel-time').value;
    if (!v) {
      error = { key: 'travelEmpty', values: {} };
      render();
      return;
    }
    set(v);
  });
  $('travel-live').addEventListener('click', () => set(null));

  return {
    render,
    load,
    set,
    /** Leaving as-of for Live: the note about a polling area no longer applies. */
    cleared() {
      note = null;
      seq += 1;
      render();
    }
  };
}
