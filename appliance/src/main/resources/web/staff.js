// The regional staff's dashboard on the kiosk: a PIN pad, then today's and this event's figures, the
// sync state, the device's health and help requests, and the staff's actions. Counts and states
// only: a visitor's details are sealed to the hub and never come back out on the kiosk.
//
// The session ends after two minutes without a touch (the last 20 seconds say so), on "Sign out",
// or when the kiosk says it has ended; every way out goes back to the visitor's attract screen with
// location.replace, so no history leads back here. Nothing is kept in browser storage.

import { kiosk, text, both, setBoth, fromNames, hasText } from './texts.js';
import { createKeyboard } from './keyboard.js';
import { lockDown } from './lockdown.js';

const root = document.documentElement;
const API = '/staff/api';
const POLL_MS = 2500;
const ALIVE_EVERY_MS = 20000;
const WARN_SECONDS = 20;
// The limits come with the page's data, from the rules that enforce them (no number is written here).
const MIN_PIN = kiosk.limits.staffPinMinDigits;
const MAX_PIN = kiosk.limits.staffPinMaxDigits;
const DAY_MS = 86400000;
/** The most days an event can last: its last day is at most this many days after the first, plus the first. */
const MAX_DAYS = kiosk.limits.eventDaysAfterFirst + 1;

const $ = id => document.getElementById(id);
const keyboard = createKeyboard($('keyboard'));

/** The clock for every timer here, read through Date.now at each call (a test may move it on). */
function now() {
  return Date.now();
}

let csrf = null;
let idleMs = kiosk.staffIdleSeconds * 1000;
let lastTouch = now();
let lastAlive = 0;
let aliveTimer = null;
let pollTimer = null;
let polling = false;
let leaving = false;
let pin = '';
let trying = false;
let lockedUntil = 0;
let lockTimer = null;
let lockShown = null;
let dashboard = null;
let drainFrom = 0;
let chart = null;
let noteTimer = null;

// ---- Language ---------------------------------------------------------------------------------

function lang() {
  return root.dataset.lang === 'en' ? 'en' : 'cy';
}

function setLang(l) {
  root.dataset.lang = l;
  root.lang = l;
  document.querySelectorAll('[data-lang-choice]').forEach(b =>
    b.setAttribute('aria-pressed', String(b.dataset.langChoice === l)));
  document.title = text(l, 'staff.title');
  if (dashboard) {
    renderChart(dashboard.today.hours); // the chart draws its words itself
  }
}

/** A key of the bundles for an error code from the kiosk, or null when the bundles have none. */
function errorKey(code) {
  return code && hasText('staff.error.' + code) ? 'staff.error.' + code : null;
}

// ---- Talking to the kiosk ---------------------------------------------------------------------

function call(method, path, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method === 'POST' && csrf) {
    headers['X-CSRF-Token'] = csrf;
    lastAlive = now(); // any change is a staff action to the kiosk too
  }
  return fetch(API + path, {
    method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body)
  }).then(r => {
    if (r.status === 401 && path !== '/login') {
      leave();
      throw new Error('signed out');
    }
    return r;
  });
}

/** The answer's JSON body, or {} (204, 202, or not JSON). */
function answer(r) {
  const type = r.headers.get('Content-Type') || '';
  return type.includes('json') ? r.json().catch(() => ({})) : Promise.resolve({});
}

function post(path, body) {
  return call('POST', path, body).then(r => answer(r).then(b => ({ ok: r.ok, status: r.status, body: b })));
}

/** Back to the visitor's attract screen, leaving no history to come back through. */
function leave() {
  if (leaving) {
    return;
  }
  leaving = true;
  clearInterval(pollTimer);
  clearTimeout(aliveTimer);
  keyboard.close();
  location.replace('/');
}

function signOut() {
  if (!csrf || leaving) {
    leave();
    return;
  }
  // Leave even if the kiosk is slow to answer: the session ends by itself anyway.
  const timeout = new Promise(resolve => setTimeout(resolve, 2000));
  Promise.race([call('POST', '/logout').catch(() => undefined), timeout]).finally(leave);
}

// ---- Screens ----------------------------------------------------------------------------------

function show(screen) {
  ['pin', 'dashboard', 'event'].forEach(s => {
    $(s + '-screen').hidden = s !== screen;
  });
  if (screen !== 'event') {
    keyboard.close();
  }
}

// ---- The PIN pad ------------------------------------------------------------------------------

function isLocked() {
  return lockedUntil > now();
}

function showPin() {
  $('pin-dots').textContent = '●'.repeat(pin.length);
  $('pin-display').classList.toggle('filled', pin.length > 0);
  setBoth($('pin-count'), 'staff.pin.entered', { n: pin.length });
}

function pinMessage(content) {
  const m = $('pin-message');
  m.replaceChildren(content);
  m.hidden = false;
}

function setPadLocked(locked) {
  document.querySelectorAll('#pin-pad button').forEach(b => {
    b.disabled = locked;
  });
}

/** "m:ss", for a lock or the idle warning. */
function minutes(seconds) {
  return Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
}

function lockFor(seconds) {
  lockedUntil = now() + seconds * 1000;
  lockShown = null;
  pin = '';
  showPin();
  setPadLocked(true);
  clearInterval(lockTimer);
  tickLock();
  lockTimer = setInterval(tickLock, 250);
}

function tickLock() {
  const left = Math.ceil((lockedUntil - now()) / 1000);
  if (left <= 0) {
    clearInterval(lockTimer);
    setPadLocked(false);
    pinMessage(both('staff.pin.unlocked'));
    return;
  }
  if (left !== lockShown) {
    lockShown = left;
    pinMessage(both('staff.pin.locked', { time: minutes(left) }));
  }
}

function submitPin() {
  if (isLocked()) {
    return;
  }
  if (pin.length < MIN_PIN) {
    pinMessage(both('staff.pin.too_short'));
    return;
  }
  const tried = pin;
  pin = '';
  showPin();
  trying = true; // one try at a time
  setPadLocked(true);
  call('POST', '/login', { pin: tried }).then(r => answer(r).then(body => {
    trying = false;
    setPadLocked(false);
    if (r.ok) {
      csrf = body.csrf;
      idleMs = (body.idleSeconds || kiosk.staffIdleSeconds) * 1000;
      lastAlive = now();
      $('pin-message').hidden = true;
      openDashboard();
    } else if (r.status === 429) {
      lockFor(Math.max(1, body.retryAfterSeconds || 30));
    } else if (r.status === 401 && body.triesLeft === 1) {
      pinMessage(both('staff.pin.wrong_last'));
    } else if (r.status === 401) {
      pinMessage(both('staff.error.wrong_pin', { tries: body.triesLeft }));
    } else if (errorKey(body.error)) {
      pinMessage(both(errorKey(body.error)));
    } else {
      pinMessage(both('staff.unreachable'));
    }
  })).catch(() => {
    trying = false;
    setPadLocked(false);
    pinMessage(both('staff.unreachable'));
  });
}

function pinKey(key) {
  if (isLocked() || trying) {
    return;
  }
  if (/^[0-9]$/.test(key)) {
    if (pin.length < MAX_PIN) {
      pin += key;
    }
  } else if (key === 'delete') {
    pin = pin.slice(0, -1);
  } else if (key === 'ok') {
    submitPin();
  }
  showPin();
}

$('pin-pad').addEventListener('click', e => {
  const b = e.target.closest('button');
  if (b && !b.disabled) {
    pinKey(b.dataset.digit || b.dataset.pin);
  }
});

// A keyboard, where there is one (a demo on a laptop), works the pad too.
document.addEventListener('keydown', e => {
  if ($('pin-screen').hidden || e.ctrlKey || e.metaKey || e.altKey) {
    return;
  }
  const key = /^[0-9]$/.test(e.key) ? e.key : { Backspace: 'delete', Enter: 'ok' }[e.key];
  if (key) {
    e.preventDefault();
    pinKey(key);
  }
});

// ---- The dashboard ----------------------------------------------------------------------------

function openDashboard() {
  show('dashboard');
  $('dashboard-content').scrollTop = 0;
  refresh();
  clearInterval(pollTimer);
  pollTimer = setInterval(refresh, POLL_MS);
}

function refresh() {
  if (polling || leaving) {
    return;
  }
  polling = true;
  call('GET', '/dashboard').then(r => (r.ok ? r.json() : null)).then(d => {
    if (d && !leaving) {
      dashboard = d;
      render(d);
    }
  }).catch(() => undefined).finally(() => {
    polling = false;
  });
}

const NUMBER = new Intl.NumberFormat('en-GB');

function number(n) {
  return NUMBER.format(n);
}

function percent(share) {
  return share === null || share === undefined ? '–' : Math.round(share * 100) + '%';
}

function two(n) {
  return String(n).padStart(2, '0');
}

/** A day as numbers only (22/11/2026): the same in both languages, no month names to translate. */
function dayNumbers(iso) {
  const [y, m, d] = iso.split('-');
  return d + '/' + m + '/' + y;
}

/** A moment in the kiosk's local time: "14:05" today, "21/11 14:05" before. */
function moment(iso) {
  const t = new Date(iso);
  const today = new Date();
  const time = two(t.getHours()) + ':' + two(t.getMinutes());
  return t.toDateString() === today.toDateString() ? time : two(t.getDate()) + '/' + two(t.getMonth() + 1) + ' ' + time;
}

function put(id, value) {
  $(id).textContent = value;
}

function putText(id, key, params) {
  setBoth($(id), key, params);
}

function totals(prefix, t) {
  put(prefix + '-signins', number(t.signins));
  put(prefix + '-enquiries', number(t.enquiries));
  put(prefix + '-footfall', number(t.footfall));
  put(prefix + '-conversion', percent(t.conversion));
}

function render(d) {
  put('header-device', d.deviceId);
  put('today-date', dayNumbers(d.today.date));
  totals('today', d.today);
  renderEvent(d);
  renderChart(d.today.hours);
  renderHelp(d.help);
  renderSync(d.sync);
  renderDevice(d);
  $('revoked-alert').hidden = !d.hub.revoked;
}

function renderEvent(d) {
  const office = $('office-mode');
  office.setAttribute('aria-pressed', String(d.officeMode));
  setBoth(office, d.officeMode ? 'staff.office.stop' : 'staff.office.start');
  $('event-office').hidden = !d.officeMode;
  const e = d.event;
  $('event-name').hidden = d.officeMode;
  $('event-dates').hidden = d.officeMode || !e;
  if (e) {
    put('event-name', e.name + (e.venue ? ' · ' + e.venue : ''));
    if (e.startsOn === e.endsOn) {
      putText('event-dates', 'staff.event.on', { day: dayNumbers(e.startsOn) });
    } else {
      putText('event-dates', 'staff.event.dates', { from: dayNumbers(e.startsOn), to: dayNumbers(e.endsOn) });
    }
  } else {
    putText('event-name', 'staff.no_event');
  }
  const showTotals = Boolean(d.eventTotals) && !d.officeMode;
  $('event-figures').hidden = !showTotals;
  if (showTotals) {
    totals('event', d.eventTotals);
  }
}

function renderHelp(h) {
  const open = h.open > 0;
  $('help-alert').hidden = !open;
  $('answer-help').hidden = !open;
  if (open) {
    putText('help-alert-text', 'staff.help.open', { n: h.open });
    putText('help-open', 'staff.help.open', { n: h.open });
  } else {
    putText('help-open', 'staff.help.none');
  }
  $('help-open').classList.toggle('alert', open);
  $('help-list').replaceChildren(...h.recent.map(r => {
    const li = document.createElement('li');
    if (r.answeredAt) {
      li.appendChild(both('staff.help.item_answered', { time: moment(r.requestedAt), answered: moment(r.answeredAt) }));
    } else {
      li.className = 'waiting';
      li.appendChild(both('staff.help.item_waiting', { time: moment(r.requestedAt) }));
    }
    return li;
  }));
}

function renderSync(s) {
  put('sync-backlog', number(s.backlog));
  // The bar shows a drain: how much of the largest backlog since it was last empty has gone.
  drainFrom = s.backlog === 0 ? 0 : Math.max(drainFrom, s.backlog);
  $('drain').hidden = !(s.backlog > 0 && s.brokerConnected);
  $('drain-progress').value = drainFrom ? Math.round(100 * (1 - s.backlog / drainFrom)) : 0;
  if (s.oldestUnsyncedAt) {
    put('sync-oldest', moment(s.oldestUnsyncedAt));
  } else {
    putText('sync-oldest', 'staff.none');
  }
  if (s.lastAckAt) {
    put('sync-last-ack', moment(s.lastAckAt));
  } else {
    putText('sync-last-ack', 'staff.never');
  }
  putText('sync-broker', s.brokerConnected ? 'staff.sync.connected' : 'staff.sync.disconnected');
  if (s.clockOffsetMillis === null || s.clockOffsetMillis === undefined) {
    putText('sync-offset', 'staff.not_available');
  } else {
    const seconds = s.clockOffsetMillis / 1000;
    putText('sync-offset', 'staff.offset', { s: (seconds > 0 ? '+' : seconds < 0 ? '−' : '') + Math.abs(seconds).toFixed(1) });
  }
  $('sync-rejected-row').hidden = !s.rejected;
  put('sync-rejected', number(s.rejected || 0));
}

function renderDevice(d) {
  const v = d.device;
  const light = 'staff.light.' + v.light;
  if (hasText(light)) {
    putText('device-light', light);
  } else {
    put('device-light', v.light);
  }
  put('device-id', d.deviceId);
  const up = Math.max(0, Math.floor(v.uptimeSeconds / 60));
  const params = { d: Math.floor(up / 1440), h: Math.floor(up / 60) % 24, m: up % 60 };
  putText('device-uptime', params.d > 0 ? 'staff.uptime_days' : 'staff.uptime', params);
  if (v.temperatureC === null || v.temperatureC === undefined) {
    putText('device-temperature', 'staff.not_available');
  } else {
    put('device-temperature', v.temperatureC.toFixed(1) + ' °C');
  }
  if (v.diskFreeBytes === null || v.diskFreeBytes === undefined) {
    putText('device-disk', 'staff.not_available');
  } else if (v.diskFreeBytes >= 1e9) {
    put('device-disk', (v.diskFreeBytes / 1e9).toFixed(1) + ' GB');
  } else {
    put('device-disk', Math.round(v.diskFreeBytes / 1e6) + ' MB');
  }
  put('device-version', v.version);
  putText('device-board', v.simulated ? 'staff.board.simulated' : 'staff.board.pi');
  $('simulate').hidden = !v.simulated;
}

const SERIES = [
  { key: 'staff.signins', field: 'signins', colour: '#1d5c63' },
  { key: 'staff.enquiries', field: 'enquiries', colour: '#a8480a' },
  { key: 'staff.footfall', field: 'footfall', colour: '#6b6b6b' }
];

function renderChart(hours) {
  // The kiosk's working day, widened to any hour that has something in it.
  const busy = hours.filter(h => h.signins + h.enquiries + h.footfall > 0).map(h => h.hour);
  const from = Math.min(8, ...busy);
  const to = Math.max(18, ...busy);
  const shown = hours.filter(h => h.hour >= from && h.hour <= to);
  const labels = shown.map(h => two(h.hour) + ':00');
  // The same numbers as a table, for screen readers.
  $('hours-table').tBodies[0].replaceChildren(...shown.map((h, i) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = labels[i];
    tr.appendChild(th);
    SERIES.forEach(s => {
      const td = document.createElement('td');
      td.textContent = h[s.field];
      tr.appendChild(td);
    });
    return tr;
  }));
  if (typeof Chart === 'undefined') {
    return;
  }
  const datasets = SERIES.map(s => ({
    label: text(lang(), s.key), data: shown.map(h => h[s.field]), backgroundColor: s.colour, borderColor: s.colour
  }));
  if (!chart) {
    const style = getComputedStyle(root);
    Chart.defaults.font.family = style.fontFamily;
    Chart.defaults.font.size = Math.round(parseFloat(style.fontSize) * 0.75);
    Chart.defaults.color = '#1b1b1b';
    chart = new Chart($('hours-chart'), {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'top', labels: { boxWidth: 16 } } }
      }
    });
    return;
  }
  chart.data.labels = labels;
  chart.data.datasets.forEach((ds, i) => {
    ds.label = datasets[i].label;
    ds.data = datasets[i].data;
  });
  chart.update();
}

// ---- Notes on the dashboard -------------------------------------------------------------------

function note(id, content) {
  ['dash-message', 'dash-error'].forEach(other => {
    $(other).hidden = true;
  });
  const el = $(id);
  el.replaceChildren(content);
  el.hidden = false;
  clearTimeout(noteTimer);
  noteTimer = setTimeout(() => {
    el.hidden = true;
  }, 15000);
}

function done(key, params) {
  note('dash-message', both(key, params));
}

/** What went wrong with a change, in the chosen language (the kiosk's message if the bundles lack it). */
function failed(res) {
  const key = errorKey(res.body && res.body.error);
  if (key) {
    note('dash-error', both(key));
  } else if (res.body && res.body.message) {
    note('dash-error', document.createTextNode(res.body.message));
  } else {
    note('dash-error', both('staff.unreachable'));
  }
}

/** Runs a change and shows its outcome; the kiosk's answer is passed on when it went through. */
function change(path, body, onDone) {
  return post(path, body).then(res => {
    if (res.ok) {
      onDone(res);
    } else {
      failed(res);
    }
  }).catch(e => {
    if (!leaving) {
      note('dash-error', both('staff.unreachable'));
    }
    return e;
  });
}

// ---- Actions ----------------------------------------------------------------------------------

function setOfficeMode() {
  change('/mode', { office: !(dashboard && dashboard.officeMode) }, res => {
    dashboard = res.body;
    render(res.body);
    done(res.body.officeMode ? 'staff.office.started' : 'staff.office.stopped');
  });
}

function exportCsv() {
  call('GET', '/figures.csv').then(r => {
    if (!r.ok) {
      return answer(r).then(b => failed({ body: b }));
    }
    const given = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
    const file = given ? given[1] : 'kiosk-figures.csv';
    return r.blob().then(blob => {
      // A download from memory: no navigation, so nothing in the history.
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      done('staff.export.done', { file: file });
    });
  }).catch(() => {
    if (!leaving) {
      note('dash-error', both('staff.unreachable'));
    }
  });
}

function openWipe() {
  $('wipe-dialog').hidden = false;
  $('cancel-wipe').focus({ preventScroll: true });
}

function closeWipe() {
  $('wipe-dialog').hidden = true;
}

function wipe() {
  $('confirm-wipe').disabled = true;
  change('/wipe', undefined, res => {
    const n = res.body.wiped || 0;
    done(n === 0 ? 'staff.wipe.done_none' : n === 1 ? 'staff.wipe.done_one' : 'staff.wipe.done', { n: number(n) });
  }).finally(() => {
    $('confirm-wipe').disabled = false;
    closeWipe();
  });
}

// ---- The event screen: text from the kiosk's keyboard, dates by steps -----------------------

let startDate = null; // midnight UTC of the first day
let days = 1;

function todayUtc() {
  const t = new Date();
  return new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()));
}

function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

/** "Dydd Sadwrn 22/11/2026" and "Saturday 22/11/2026", with "(today)" on today. */
function longDay(l, d) {
  const s = text(l, 'staff.weekday.' + d.getUTCDay()) + ' ' + dayNumbers(isoDate(d));
  return d.getTime() === todayUtc().getTime() ? s + ' ' + text(l, 'staff.event.today_mark') : s;
}

function showEventDates() {
  const last = new Date(startDate.getTime() + (days - 1) * DAY_MS);
  $('start-date').replaceChildren(fromNames({ cy: longDay('cy', startDate), en: longDay('en', startDate) }));
  put('days-count', number(days));
  $('ends-on').replaceChildren(fromNames({
    cy: text('cy', 'staff.event.last_day', { day: longDay('cy', last) }),
    en: text('en', 'staff.event.last_day', { day: longDay('en', last) })
  }));
  $('days-fewer').disabled = days <= 1;
  $('days-more').disabled = days >= MAX_DAYS;
}

function clearFieldError(box) {
  box.classList.remove('invalid');
  box.querySelectorAll('.field-error').forEach(e => e.remove());
  box.querySelectorAll('input').forEach(i => {
    i.removeAttribute('aria-invalid');
    i.removeAttribute('aria-describedby');
  });
}

function fieldError(field, key) {
  const form = $('event-form');
  const box = form.querySelector('[data-field="' + field + '"]') || form.querySelector('[data-field="name"]');
  clearFieldError(box);
  box.classList.add('invalid');
  const p = document.createElement('p');
  p.className = 'field-error';
  p.id = 'event-' + box.dataset.field + '-error';
  p.appendChild(both(key));
  box.appendChild(p);
  box.querySelectorAll('input').forEach(i => {
    i.setAttribute('aria-invalid', 'true');
    i.setAttribute('aria-describedby', p.id);
  });
  box.scrollIntoView({ block: 'nearest' });
}

function openEvent() {
  const form = $('event-form');
  ['event-name-input', 'event-venue-input'].forEach(id => {
    $(id).maxLength = kiosk.limits.eventTextChars;
  });
  form.reset();
  form.querySelectorAll('.field.invalid').forEach(clearFieldError);
  startDate = todayUtc();
  days = 1;
  showEventDates();
  show('event');
  form.scrollTop = 0;
}

function closeEvent() {
  show('dashboard');
}

function saveEvent() {
  const form = $('event-form');
  form.querySelectorAll('.field.invalid').forEach(clearFieldError);
  const save = $('save-event');
  save.disabled = true;
  const last = new Date(startDate.getTime() + (days - 1) * DAY_MS);
  post('/event', {
    name: $('event-name-input').value.normalize('NFC').trim(),
    venue: $('event-venue-input').value.normalize('NFC').trim(),
    startsOn: isoDate(startDate),
    endsOn: isoDate(last)
  }).then(res => {
    if (res.ok) {
      dashboard = res.body;
      render(res.body);
      closeEvent();
      done('staff.event.saved', { name: res.body.event ? res.body.event.name : '' });
    } else if (errorKey(res.body.error)) {
      keyboard.close();
      fieldError(res.body.field || 'name', errorKey(res.body.error));
    } else {
      failed(res);
      closeEvent();
    }
  }).catch(() => undefined).finally(() => {
    save.disabled = false;
  });
}

$('event-form').addEventListener('click', e => {
  const b = e.target.closest('button[data-step]');
  if (!b) {
    return;
  }
  const by = Number(b.dataset.by);
  if (b.dataset.step === 'start') {
    startDate = new Date(startDate.getTime() + by * DAY_MS);
  } else {
    days = Math.min(MAX_DAYS, Math.max(1, days + by));
  }
  fieldChanged(b);
  showEventDates();
});

/** Changing a field clears its message. */
function fieldChanged(el) {
  const box = el.closest('.field.invalid');
  if (box) {
    clearFieldError(box);
  }
}

$('event-form').addEventListener('input', e => fieldChanged(e.target));
$('event-form').addEventListener('submit', e => {
  e.preventDefault();
  saveEvent();
});

// ---- Wiring -----------------------------------------------------------------------------------

document.addEventListener('click', e => {
  const b = e.target.closest('button');
  if (!b || b.disabled) {
    return;
  }
  if (b.dataset.langChoice) {
    setLang(b.dataset.langChoice);
    return;
  }
  if (b.dataset.simulate) {
    change('/simulate', { what: b.dataset.simulate }, () => {
      done(b.dataset.simulate === 'help' ? 'staff.simulate.help_done' : 'staff.simulate.motion_done');
      refresh();
    });
    return;
  }
  const actions = {
    leave: leave,
    'sign-out': signOut,
    event: openEvent,
    'close-event': closeEvent,
    'save-event': saveEvent,
    office: setOfficeMode,
    sync: () => change('/sync', undefined, () => {
      done('staff.sync.started');
      setTimeout(refresh, 500);
    }),
    answer: () => change('/help/answer', undefined, () => {
      done('staff.help.answered_done');
      refresh();
    }),
    export: exportCsv,
    wipe: openWipe,
    'close-wipe': closeWipe,
    'confirm-wipe': wipe
  };
  if (actions[b.dataset.action]) {
    actions[b.dataset.action]();
  }
});

// ---- Two minutes without a touch --------------------------------------------------------------

/** Tells the kiosk the staff member is still there: at once, or when 20 s have passed since the last time. */
function keepAlive() {
  if (!csrf || leaving || aliveTimer) {
    return;
  }
  const wait = ALIVE_EVERY_MS - (now() - lastAlive);
  const send = () => {
    aliveTimer = null;
    if (!leaving) {
      call('POST', '/alive').catch(() => undefined);
    }
  };
  if (wait <= 0) {
    send();
  } else {
    aliveTimer = setTimeout(send, wait);
  }
}

function touched() {
  lastTouch = now();
  $('idle-warning').hidden = true;
  keepAlive();
}

['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'].forEach(type =>
  document.addEventListener(type, touched, { capture: true, passive: true }));

let warned = null;
setInterval(() => {
  if (leaving) {
    return;
  }
  const left = Math.ceil((idleMs - (now() - lastTouch)) / 1000);
  const warning = $('idle-warning');
  if (left <= 0) {
    signOut();
  } else if (left <= WARN_SECONDS) {
    if (left !== warned || warning.hidden) {
      warned = left;
      setBoth(warning, csrf ? 'staff.idle.warning' : 'staff.idle.warning_pin', { time: minutes(left) });
      warning.hidden = false;
    }
  } else {
    warning.hidden = true;
  }
}, 250);

// ---- No way out: the visitor screens' guards (lockdown.js) ---------------------------------------

lockDown();

setLang(new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'cy');
showPin();
show('pin');
root.classList.add('ready');
