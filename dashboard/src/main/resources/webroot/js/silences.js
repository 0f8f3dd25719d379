// The silences panel: the silences in force or scheduled (GET /api/v1/silences), a form that silences alerts of the
// unit in view for a while (POST), and an Expire button on each (DELETE); the alert feed marks what they mute.
import { $, el, button, fill, getJson, sendJson } from './util.js';

const REFRESH_MS = 15000;
const MAX_ROWS = 50;
const KINDS = ['OVER_100_PERCENT', 'COUNTER_DECREASE', 'SURGE', 'SILENT_STATION', 'JUMP_TO_100_BEFORE_CHECKPOINT', 'LAGGING_PEERS',
  'BELOW_TARGET_AT_CLOSE', 'TURNOUT_BELOW']; // model's AnomalyKind
const DURATIONS = [30, 60, 120, 240]; // minutes; 'until' picks an end time instead

export function createSilences(app) {
  let silences = [];
  let signedIn = false; // with logins the server names who silenced; the operator field is not sent
  let error = '';

  async function refresh() {
    const list = await getJson('api/v1/silences');
    if (Array.isArray(list)) {
      silences = list.filter((s) => s.state !== 'ended');
      render();
    }
  }

  function typedName() {
    const op = $('operator');
    return signedIn || !op ? null : op.value.trim() || null;
  }

  /** The end the form asks for, as an ISO instant; null when "until" has no valid time. */
  function endsAt() {
    const choice = $('silence-duration').value;
    if (choice === 'until') {
      const d = $('silence-until').value ? new Date($('silence-until').value) : null;
      return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
    }
    return new Date(Date.now() + Number(choice) * 60000).toISOString();
  }

  async function create(event) {
    event.preventDefault();
    const t = app.t();
    const ends = endsAt();
    if (!app.viewId || !ends) {
      error = t.silenceNeedsEnd;
      render();
      return;
    }
    const body = { unit_id: app.viewId, ends_at: ends };
    const kind = $('silence-kind').value;
    if (kind) {
      body.kind = kind;
    }
    const comment = $('silence-comment').value.trim();
    if (comment) {
      body.comment = comment;
    }
    const by = typedName();
    if (by) {
      body.created_by = by;
    }
    const r = await sendJson('POST', 'api/v1/silences', body);
    error = r.ok ? '' : fill(t.silenceFailed, { why: (r.json && r.json.error) || String(r.status) });
    if (r.ok) {
      $('silence-comment').value = '';
    }
    await refresh();
    render();
  }

  async function expire(s) {
    const by = typedName();
    const r = await sendJson('DELETE', 'api/v1/silences/' + encodeURIComponent(s.id), by ? { expired_by: by } : {});
    error = r.ok ? '' : fill(app.t().silenceFailed, { why: (r.json && r.json.error) || String(r.status) });
    await refresh();
    render();
  }

  /** "Hà Nội · Khu vực không báo cáo": what a silence mutes, in the page's language. */
  function scopeText(s) {
    const t = app.t();
    const parts = [];
    parts.push(s.unit_id ? s.unit_name || s.unit_id : t.silenceEverywhere);
    if (s.level) {
      parts.push(app.levelTitle(s.level));
    }
    parts.push(s.kind ? (t.kinds && t.kinds[s.kind]) || s.kind : t.silenceAnyKind);
    return parts.join(' · ');
  }

  function row(s) {
    const t = app.t();
    const li = el('li', 'silence' + (s.state === 'scheduled' ? ' scheduled' : ''));
    li.setAttribute('data-testid', 'silence');
    li.append(el('span', 'silence-scope', scopeText(s)));
    const when = s.state === 'scheduled' ? fill(t.silenceFromUntil, { from: app.timeText(s.starts_at), until: app.timeText(s.ends_at) })
      : fill(t.silenceUntil, { until: app.timeText(s.ends_at) });
    const who = s.created_by ? fill(t.silenceBy, { by: s.created_by }) + (s.signed_in ? '' : ' ' + t.ackUnverified) : '';
    li.append(el('span', 'note', [when, who].filter(Boolean).join(' · ')));
    if (s.comment) {
      li.append(el('span', 'silence-comment', s.comment));
    }
    li.append(button('small-btn', t.silenceExpire, () => expire(s)));
    return li;
  }

  function renderForm() {
    const t = app.t();
    const unit = app.units.get(app.viewId);
    $('silence-unit').textContent = fill(t.silenceFor, { unit: unit ? unit.name : '—' });
    const kind = $('silence-kind');
    const keptKind = kind.value;
    kind.replaceChildren(el('option', null, t.silenceAnyKind), ...KINDS.map((k) => el('option', null, (t.kinds && t.kinds[k]) || k)));
    kind.options[0].value = '';
    KINDS.forEach((k, i) => { kind.options[i + 1].value = k; });
    kind.value = keptKind;
    const duration = $('silence-duration');
    duration.setAttribute('aria-label', t.silenceDuration);
    const keptDuration = duration.value || '60';
    duration.replaceChildren(...DURATIONS.map((m) => el('option', null, m < 60 ? fill(t.minutes, { m }) : fill(t.silenceHours, { h: m / 60 }))),
      el('option', null, t.silenceUntilTime));
    DURATIONS.forEach((m, i) => { duration.options[i].value = String(m); });
    duration.options[DURATIONS.length].value = 'until';
    duration.value = keptDuration;
    $('silence-until').hidden = duration.value !== 'until';
    $('silence-comment').placeholder = t.silenceComment;
    $('silence-error').textContent = error;
  }

  function render() {
    renderForm();
    const t = app.t();
    $('silences-count').textContent = silences.length ? String(silences.length) : '';
    const list = $('silences');
    if (!silences.length) {
      list.replaceChildren(el('li', 'empty', t.silencesNone));
      return;
    }
    list.replaceChildren(...silences.slice(0, MAX_ROWS).map(row));
  }

  // ---- wiring -----------------------------------------------------------------------------------------

  $('silence-form').addEventListener('submit', create);
  $('silence-duration').addEventListener('change', () => { $('silence-until').hidden = $('silence-duration').value !== 'until'; });
  getJson('api/v1/me').then((me) => { signedIn = Boolean(me && me.login_required); });
  refresh();
  window.setInterval(refresh, REFRESH_MS);

  return {
    render,
    viewChanged: render,
    unitsChanged() {
      // the list does not depend on figures; the form's unit name does not change with them
    }
  };
}
