// The printable report page: the table GET /api/v1/units/{id}/report answers, for the unit and time in the
// address (?unit=VN-22&at=17:00), in Vietnamese or English as the wall-screen page chooses (?lang=, else the
// language it remembered, else Vietnamese). Text only through textContent.

import { $, el, fill, formatters, parseTime, storageGet, toLogin } from './util.js';

const TEXT = {
  vi: {
    locale: 'vi-VN', docTitle: 'Báo cáo tỷ lệ cử tri đi bầu', kind: 'Báo cáo tỷ lệ cử tri đi bầu', unit: 'Đơn vị', at: 'Lúc',
    now: 'Hiện tại', show: 'Xem', print: 'In', lang: 'English', langHref: 'en', back: 'Màn hình',
    figure: 'Chỉ tiêu', thisTerm: 'Kỳ này', share: 'Tỷ lệ', previous: 'Kỳ trước ({label})', previousNoLabel: 'Kỳ trước',
    turnout: 'Tỷ lệ cử tri đi bầu', voted: 'Cử tri đã bỏ phiếu / tổng số cử tri', reporting: 'Khu vực bỏ phiếu đã báo cáo',
    atHundred: '{level} đạt 100%', previousAt: '{pct} lúc {time}',
    asOf: 'Số liệu tính đến {time}', asked: ' (giờ yêu cầu {time})', noData: 'Chưa có số liệu',
    sources: 'Nguồn: số liệu — {figures}; đơn vị đạt 100% — {levels}. Kỳ trước: {prev}.',
    prevSources: 'tỷ lệ đạt 100% theo tệp kỳ trước, tỷ lệ đi bầu theo đường cong kỳ trước của {unit} cùng giờ',
    src: {
      snapshot: 'số liệu mới nhất của đơn vị', history: 'điểm đường cong của đơn vị', registry: 'danh sách cử tri (chưa ai bỏ phiếu)',
      not_kept: 'không lưu (đường cong khu vực bỏ phiếu)', completion_times: 'thời điểm đạt 100% của từng đơn vị'
    },
    open: ' (khung 5 phút chưa đóng, có thể còn thay đổi)', note: 'Ghi chú: {note}', failed: 'Không tải được báo cáo.',
    noUnit: 'Nhập mã đơn vị.',
    levels: { nation: 'Toàn quốc', province: 'Tỉnh', district: 'Huyện', commune: 'Xã', polling_area: 'Khu vực bỏ phiếu' },
    level: { nation: 'Toàn quốc', province: 'Tỉnh', district: 'Huyện', commune: 'Xã', polling_area: 'Khu vực bỏ phiếu' }
  },
  en: {
    locale: 'en-GB', docTitle: 'Turnout report', kind: 'Turnout report', unit: 'Unit', at: 'At', now: 'Now', show: 'Show',
    print: 'Print', lang: 'Tiếng Việt', langHref: 'vi', back: 'Screen',
    figure: 'Figure', thisTerm: 'This term', share: 'Share', previous: 'Previous term ({label})', previousNoLabel: 'Previous term',
    turnout: 'Turnout', voted: 'Voted / registered', reporting: 'Polling areas reporting', atHundred: '{level} at 100%',
    previousAt: '{pct} at {time}',
    asOf: 'Figures as of {time}', asked: ' (asked for {time})', noData: 'No figures yet',
    sources: 'Sources: figures — {figures}; units at 100% — {levels}. Previous term: {prev}.',
    prevSources: 'shares at 100% from the previous-term file, turnout from the previous curve of {unit} at the same time',
    src: {
      snapshot: "the unit's latest figures", history: "the unit's curve point", registry: 'the list of voters (nobody voted yet)',
      not_kept: "not kept (a polling area's curve)", completion_times: "each unit's time of reaching 100%"
    },
    open: ' (a 5-minute bucket not closed yet: may still change)', note: 'Note: {note}', failed: 'Cannot load the report.',
    noUnit: 'Enter a unit id.',
    levels: { nation: 'Nations', province: 'Provinces', district: 'Districts', commune: 'Communes', polling_area: 'Polling areas' },
    level: { nation: 'Nation', province: 'Province', district: 'District', commune: 'Commune', polling_area: 'Polling area' }
  }
};

const CHECKPOINTS = ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'];

const params = new URLSearchParams(location.search);
const lang = pick(params.get('lang')) || pick(storageGet('lang')) || 'vi';
const t = TEXT[lang];
let fmt = formatters(t.locale, null);

function pick(value) {
  return value && Object.prototype.hasOwnProperty.call(TEXT, value) ? value : null;
}

function setText(id, text) {
  $(id).textContent = text;
}

function pct(value) {
  return value === null || value === undefined ? '–' : fmt.pct.format(value) + '%';
}

function count(value) {
  return value === null || value === undefined ? '–' : fmt.int.format(value);
}

function share(part, whole) {
  return whole > 0 ? pct(Math.round((part * 10000) / whole) / 100) : '–';
}

function time(iso) {
  const d = parseTime(iso);
  return d ? fmt.dateTime.format(d) : null;
}

/** A level's name in the page's language, plural (rows) or singular (the unit's own); an unknown level as given. */
function levelName(level, singular) {
  const names = singular ? t.level : t.levels;
  return Object.prototype.hasOwnProperty.call(names, level) ? names[level] : level;
}

function row(cells, className) {
  const tr = el('tr', className);
  cells.forEach((c) => tr.appendChild(el('td', null, c)));
  return tr;
}

function address(unit, at) {
  const p = new URLSearchParams();
  p.set('unit', unit);
  if (at) {
    p.set('at', at);
  }
  if (params.get('lang')) {
    p.set('lang', lang);
  }
  return '?' + p.toString();
}

function apiPath(unit, at, csv) {
  const q = new URLSearchParams();
  if (at) {
    q.set('at', at);
  }
  if (csv) {
    q.set('format', 'csv');
  }
  const query = q.toString();
  return '/api/v1/units/' + encodeURIComponent(unit) + '/report' + (query ? '?' + query : '');
}

function labels(unit, at) {
  document.documentElement.lang = lang;
  document.title = t.docTitle;
  setText('report-kind', t.kind);
  setText('report-unit-label', t.unit);
  setText('report-at-label', t.at);
  setText('report-show', t.show);
  setText('report-print', t.print);
  setText('report-lang', t.lang);
  setText('report-back', t.back);
  const other = new URLSearchParams(location.search);
  other.set('lang', t.langHref);
  $('report-lang').href = '?' + other.toString();
  $('report-back').href = '/' + (lang === 'en' ? '?lang=en' : '') + (unit ? '#' + encodeURIComponent(unit) : '');
  $('report-unit').value = unit || '';
  const select = $('report-at');
  select.replaceChildren();
  const choices = [''].concat(CHECKPOINTS);
  if (at && choices.indexOf(at) < 0) {
    choices.push(at);
  }
  choices.forEach((c) => {
    const o = el('option', null, c === '' ? t.now : c);
    o.value = c;
    o.selected = c === (at || '');
    select.appendChild(o);
  });
}

function render(r) {
  setText('report-title', r.name + ' (' + r.unit_id + ')');
  setText('report-path', levelName(r.level, true));
  const a = r.as_of;
  setText('report-asof', (a.time ? fill(t.asOf, { time: time(a.time) }) : t.noData)
      + (a.requested ? fill(t.asked, { time: time(a.requested) }) : '') + (a.open ? t.open : ''));
  // label_en in English (the same as label for a file configured with one label), label in Vietnamese.
  const prevLabel = (lang === 'en' && r.previous_term.label_en) || r.previous_term.label;
  setText('report-col-figure', t.figure);
  setText('report-col-now', t.thisTerm);
  setText('report-col-share', t.share);
  setText('report-col-prev', prevLabel ? fill(t.previous, { label: prevLabel }) : t.previousNoLabel);
  const rows = $('report-rows');
  rows.replaceChildren();
  const prev = r.previous_term.turnout;
  rows.appendChild(row([t.turnout, pct(r.turnout_pct), '',
    prev ? fill(t.previousAt, { pct: pct(prev.turnout_pct), time: prev.time }) : '–'], 'report-main'));
  rows.appendChild(row([t.voted, count(r.voted) + ' / ' + count(r.registered), '', '']));
  if (r.areas_reporting !== null) {
    rows.appendChild(row([t.reporting, count(r.areas_reporting) + ' / ' + count(r.areas_total),
      share(r.areas_reporting, r.areas_total), '']));
  }
  r.complete_by_level.forEach((l) => {
    rows.appendChild(row([fill(t.atHundred, { level: levelName(l.level) }), count(l.complete) + ' / ' + count(l.total),
      pct(l.complete_pct), pct(l.previous_complete_pct)]));
  });
  setText('report-sources', fill(t.sources, {
    figures: t.src[a.figures] || a.figures, levels: t.src[a.complete_by_level] || a.complete_by_level,
    prev: prev ? fill(t.prevSources, { unit: prev.unit_id }) : t.prevSources.split(',')[0]
  }));
  setText('report-note', a.note ? fill(t.note, { note: a.note }) : '');
}

async function load(unit, at) {
  setText('report-error', '');
  try {
    const r = await fetch(apiPath(unit, at, false), { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (r.status === 401 || r.status === 403) {
      toLogin(r.status);
      return;
    }
    const body = await r.json().catch(() => null);
    if (!r.ok) {
      setText('report-error', (body && body.error) || t.failed);
      return;
    }
    fmt = formatters(t.locale, body.as_of.zone);
    render(body);
  } catch (e) {
    setText('report-error', t.failed);
  }
}

async function rootUnit() {
  try {
    const r = await fetch('/api/v1/meta', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!r.ok) {
      toLogin(r.status);
      return null;
    }
    return (await r.json()).root;
  } catch (e) {
    return null;
  }
}

async function start() {
  const at = (params.get('at') || '').trim();
  let unit = (params.get('unit') || '').trim();
  labels(unit, at);
  $('report-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const u = $('report-unit').value.trim();
    if (!u) {
      setText('report-error', t.noUnit);
      return;
    }
    location.assign(address(u, $('report-at').value));
  });
  $('report-print').addEventListener('click', () => window.print());
  if (!unit) {
    unit = await rootUnit();
    if (!unit) {
      setText('report-error', t.failed);
      return;
    }
    labels(unit, at);
  }
  $('report-csv').href = apiPath(unit, at, true);
  await load(unit, at);
}

start();
