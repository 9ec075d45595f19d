// The visitor's screens: attract → choose → sign-in or a four-step enquiry → thank you → attract.
// Everything typed stays in this page until it is sent or wiped; nothing goes to browser storage
// and the page never navigates, so there is no history to go back through.

import { kiosk, text, hasText, both, fromNames, setBoth } from './texts.js';
import { createKeyboard } from './keyboard.js';
import { lockDown } from './lockdown.js';
import { createIdle } from './idle.js';
import { signinProblems, enquiryProblems } from './checks.js';

const root = document.documentElement;
const header = document.getElementById('top');
const screens = Array.from(document.querySelectorAll('.screen'));
const signinForm = document.getElementById('signin-form');
const enquiryForm = document.getElementById('enquiry-form');
const pickerDialog = document.getElementById('picker');
const privacyDialog = document.getElementById('privacy');
const idleDialog = document.getElementById('idle');
const STEPS = 4;

const keyboard = createKeyboard(document.getElementById('keyboard'));
let privacy = kiosk.privacy;
let formOptions = kiosk.formOptions;
let thanksTimer = null;
let sending = false;
/** Each form's record id while the visitor is on it (see submit). */
const captureIds = new Map();

// ---- Language, size and screens ---------------------------------------------------------------

function lang() {
  return root.dataset.lang || 'cy';
}

function setLang(l) {
  root.dataset.lang = l;
  root.lang = l;
  document.querySelectorAll('[data-lang-choice]').forEach(b =>
    b.setAttribute('aria-pressed', String(b.dataset.langChoice === l)));
  document.title = text(l, 'ui.title') + ' · ' + text(l, 'ui.service');
}

function setLargeText(on) {
  root.classList.toggle('large', on);
  document.getElementById('large-text').setAttribute('aria-pressed', String(on));
}

function current() {
  return screens.find(s => !s.hidden).dataset.screen;
}

function go(name) {
  keyboard.close();
  screens.forEach(s => {
    s.hidden = s.dataset.screen !== name;
  });
  header.hidden = name === 'attract';
  const shown = document.querySelector('.screen[data-screen="' + name + '"]');
  const content = shown.querySelector('.content');
  if (content) {
    content.scrollTop = 0;
  }
  const heading = shown.querySelector('.step:not([hidden]) h1') || shown.querySelector('h1');
  if (heading && name !== 'attract') {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

// ---- Reading the forms ------------------------------------------------------------------------

function value(form, name) {
  const el = form.elements[name];
  if (!el) {
    return '';
  }
  if (el instanceof RadioNodeList) {
    return el.value || '';
  }
  // Text is sent NFC-normalised, as the appliance stores it.
  return (el.value || '').normalize('NFC').trim();
}

function checked(form, name) {
  return Array.from(form.querySelectorAll('input[name="' + name + '"]:checked')).map(i => i.value);
}

function personal(form, names) {
  const out = {};
  names.forEach(n => {
    const v = value(form, n);
    if (v) {
      out[n] = n === 'postcode' ? v.toUpperCase() : v;
    }
  });
  return out;
}

function signinBody() {
  const f = signinForm;
  const fields = {
    localAuthority: value(f, 'localAuthority'),
    newsletterConsent: f.elements.newsletterConsent.checked,
    privacyVersion: privacy.version
  };
  if (value(f, 'howHeard')) {
    fields.howHeard = value(f, 'howHeard');
  }
  return { type: 'signin', lang: lang(), fields: fields, personal: personal(f, ['name', 'email']) };
}

function sendsToAgency() {
  return value(enquiryForm, 'sendTo') === 'agency';
}

function enquiryBody() {
  const f = enquiryForm;
  const fields = {
    localAuthority: value(f, 'localAuthority'),
    topic: value(f, 'topic'),
    contactConsent: f.elements.contactConsent.checked,
    newsletterConsent: f.elements.newsletterConsent.checked,
    privacyVersion: privacy.version
  };
  const interests = checked(f, 'interests');
  if (interests.length > 0) {
    fields.interests = interests;
  }
  if (sendsToAgency() && value(f, 'agency')) {
    fields.agency = value(f, 'agency');
  }
  ['preferredContact', 'preferredTime', 'preferredLanguage', 'howHeard'].forEach(n => {
    if (value(f, n)) {
      fields[n] = value(f, n);
    }
  });
  return {
    type: 'enquiry', lang: lang(), fields: fields,
    personal: personal(f, ['name', 'email', 'phone', 'postcode', 'message'])
  };
}

// ---- Errors, inline and in the banner ---------------------------------------------------------

function banner(form) {
  return form.querySelector('.banner');
}

function showBanner(form, key) {
  const b = banner(form);
  setBoth(b, key);
  b.hidden = false;
}

function clearError(fieldBox) {
  fieldBox.classList.remove('invalid');
  fieldBox.querySelectorAll('.field-error').forEach(e => e.remove());
  fieldBox.querySelectorAll('input, textarea, button.picker').forEach(i => {
    i.removeAttribute('aria-invalid');
    i.removeAttribute('aria-describedby');
  });
}

function clearErrors(form) {
  form.querySelectorAll('.field.invalid').forEach(clearError);
  banner(form).hidden = true;
}

/** Shows a message under its field; {@code content} is a node with both languages. */
function showError(form, fieldName, content) {
  const box = form.querySelector('[data-field="' + fieldName + '"]');
  if (!box) {
    return null;
  }
  clearError(box);
  box.classList.add('invalid');
  const p = document.createElement('p');
  p.className = 'field-error';
  p.id = form.id + '-' + fieldName.replace('.', '-') + '-error';
  p.appendChild(content);
  box.appendChild(p);
  box.querySelectorAll('input:not([type=hidden]), textarea, button.picker').forEach(i => {
    i.setAttribute('aria-invalid', 'true');
    i.setAttribute('aria-describedby', p.id);
  });
  return box;
}

function showProblems(form, problems) {
  clearErrors(form);
  const boxes = problems.map(p => showError(form, p.field, both(p.key))).filter(Boolean);
  showBanner(form, 'ui.check.problems');
  return boxes[0] || null;
}

// Editing a field clears its message.
document.addEventListener('input', e => {
  const box = e.target.closest && e.target.closest('.field.invalid');
  if (box) {
    clearError(box);
  }
});
document.addEventListener('change', e => {
  const box = e.target.closest && e.target.closest('.field.invalid');
  if (box) {
    clearError(box);
  }
});

// ---- Pickers: councils and agencies as large buttons ------------------------------------------

let pickerTarget = null;

function pickerOption(id, names) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'option';
  b.dataset.value = id;
  b.appendChild(fromNames(names));
  b.addEventListener('click', () => choose(id, names));
  return b;
}

function openPicker(button) {
  pickerTarget = button;
  const list = document.getElementById('picker-options');
  list.replaceChildren();
  const title = document.getElementById('picker-title');
  if (button.dataset.picker === 'council') {
    setBoth(title, 'ui.field.local_authority.choose');
    kiosk.regions.regions.forEach(region => {
      const h = document.createElement('h3');
      h.appendChild(fromNames(region.name));
      list.appendChild(h);
      region.localAuthorities.forEach(la => list.appendChild(pickerOption(la.slug, la.name)));
    });
    if (kiosk.regions.outside) {
      const h = document.createElement('h3');
      h.className = 'spacer';
      list.appendChild(h);
      list.appendChild(pickerOption(kiosk.regions.outside.slug, kiosk.regions.outside.name));
    }
  } else {
    setBoth(title, 'ui.field.agency.choose');
    kiosk.regions.agencies.forEach(a => list.appendChild(pickerOption(a.id, a.name)));
  }
  const chosen = button.parentElement.querySelector('input[type=hidden]').value;
  list.querySelectorAll('.option').forEach(o => o.setAttribute('aria-pressed', String(o.dataset.value === chosen)));
  keyboard.close();
  pickerDialog.hidden = false;
  list.scrollTop = 0;
  (list.querySelector('.option[aria-pressed="true"]') || list.querySelector('.option')).focus();
}

function setPicked(button, id, names) {
  const box = button.parentElement;
  box.querySelector('input[type=hidden]').value = id || '';
  const shown = button.querySelector('.picker-value');
  if (id) {
    shown.replaceChildren(fromNames(names));
    delete shown.dataset.empty;
  } else {
    const key = button.dataset.picker === 'council' ? 'ui.field.local_authority.choose' : 'ui.field.agency.choose';
    shown.replaceChildren(both(key));
    shown.dataset.empty = '';
  }
}

function choose(id, names) {
  setPicked(pickerTarget, id, names);
  const box = pickerTarget.closest('.field.invalid');
  if (box) {
    clearError(box);
  }
  closePicker();
}

function closePicker() {
  pickerDialog.hidden = true;
  if (pickerTarget) {
    pickerTarget.focus({ preventScroll: true });
  }
  pickerTarget = null;
}

// ---- The privacy notice -----------------------------------------------------------------------

function renderPrivacy() {
  const [title, ...paragraphs] = privacy.paragraphs;
  document.getElementById('privacy-title').replaceChildren(fromNames(title));
  document.getElementById('privacy-text').replaceChildren(...paragraphs.map(p => {
    const el = document.createElement('p');
    el.appendChild(fromNames(p));
    return el;
  }));
  setBoth(document.getElementById('privacy-version'), 'ui.privacy.version', { version: privacy.version });
}

function openPrivacy() {
  keyboard.close();
  privacyDialog.hidden = false;
  privacyDialog.querySelector('.notice').scrollTop = 0;
  privacyDialog.querySelector('[data-action="close-privacy"]').focus({ preventScroll: true });
}

/** The notice changed under an open form: show the new one and ask for consent again. */
function refreshPrivacy(form) {
  return fetch('/api/privacy', { headers: { Accept: 'application/json' } })
    .then(r => r.json())
    .then(notice => {
      privacy = notice;
      renderPrivacy();
    })
    .catch(() => undefined)
    .then(() => {
      form.querySelectorAll('input[name=contactConsent], input[name=newsletterConsent]').forEach(c => {
        c.checked = false;
      });
    });
}

// ---- The paths this kiosk offers --------------------------------------------------------------

// The hub may turn the sign-in, the enquiry (never both) or the newsletter off at any time. The page
// starts with the options it was served with and asks again each time it returns to the attract
// screen, or when a send is refused because a path went away under the visitor.

function applyFormOptions(options) {
  formOptions = options;
  document.getElementById('go-signin').hidden = !options.signin;
  document.getElementById('go-enquiry').hidden = !options.enquiry;
  document.querySelectorAll('.newsletter-part').forEach(part => {
    part.hidden = !options.newsletter;
    if (!options.newsletter) {
      // Nothing hidden may still be sent.
      part.querySelectorAll('input[type=checkbox]').forEach(c => {
        c.checked = false;
      });
      part.querySelectorAll('input:not([type=checkbox])').forEach(i => {
        i.value = '';
      });
      clearError(part);
    }
  });
}

function refreshFormOptions() {
  return fetch('/api/form-options', { headers: { Accept: 'application/json' } })
    .then(r => (r.ok ? r.json() : null))
    .then(options => {
      if (options) {
        applyFormOptions(options);
      }
    })
    .catch(() => undefined); // keep the last known options: the page is served by this kiosk, it will be back
}

// ---- The enquiry's steps ----------------------------------------------------------------------

function step() {
  return Number(enquiryForm.dataset.step);
}

function setStep(n) {
  enquiryForm.dataset.step = String(n);
  enquiryForm.querySelectorAll('.step').forEach(s => {
    s.hidden = Number(s.dataset.step) !== n;
  });
  setBoth(document.getElementById('enquiry-step-count'), 'ui.enquiry.step', { n: n, total: STEPS });
  document.getElementById('enquiry-next').hidden = n === STEPS;
  document.getElementById('enquiry-send').hidden = n !== STEPS;
}

function showStep(n) {
  setStep(n);
  if (n === 3) {
    suggestContactWays();
  }
  go('enquiry');
}

/** Sensible first answers on the contact step, from what the visitor already gave. */
function suggestContactWays() {
  const f = enquiryForm;
  if (!value(f, 'preferredLanguage')) {
    f.querySelector('input[name=preferredLanguage][value="' + lang() + '"]').checked = true;
  }
  if (!value(f, 'preferredContact')) {
    const email = value(f, 'email');
    const phone = value(f, 'phone');
    if (email && !phone) {
      f.querySelector('input[name=preferredContact][value=email]').checked = true;
    } else if (phone && !email) {
      f.querySelector('input[name=preferredContact][value=phone]').checked = true;
    }
  }
}

function stepOf(box) {
  const s = box && box.closest('.step');
  return s ? Number(s.dataset.step) : null;
}

function stepProblems(n) {
  return enquiryProblems(enquiryBody(), sendsToAgency())
    .filter(p => stepOf(enquiryForm.querySelector('[data-field="' + p.field + '"]')) === n);
}

function next() {
  const problems = stepProblems(step());
  if (problems.length > 0) {
    reveal(showProblems(enquiryForm, problems));
    return;
  }
  clearErrors(enquiryForm);
  showStep(step() + 1);
}

function back() {
  if (current() === 'enquiry' && step() > 1) {
    clearErrors(enquiryForm);
    showStep(step() - 1);
  } else {
    go('choose');
  }
}

function reveal(box) {
  if (!box) {
    return;
  }
  const n = stepOf(box);
  if (n && n !== step()) {
    showStep(n);
  }
  box.scrollIntoView({ block: 'center' });
}

enquiryForm.addEventListener('change', e => {
  if (e.target.name === 'sendTo') {
    const agency = sendsToAgency();
    enquiryForm.querySelector('.agency-choice').hidden = !agency;
  }
});

// ---- Sending ----------------------------------------------------------------------------------

function submit() {
  if (sending) {
    return;
  }
  const enquiry = current() === 'enquiry';
  const form = enquiry ? enquiryForm : signinForm;
  const body = enquiry ? enquiryBody() : signinBody();
  const problems = enquiry ? enquiryProblems(body, sendsToAgency()) : signinProblems(body);
  if (problems.length > 0) {
    reveal(showProblems(form, problems));
    return;
  }
  clearErrors(form);
  const button = document.getElementById(enquiry ? 'enquiry-send' : 'signin-send');
  const label = Array.from(button.childNodes);
  sending = true;
  button.disabled = true;
  button.replaceChildren(both('ui.action.sending'));
  keyboard.close();

  // One id per form, kept until the form is wiped: a save retried after a lost reply is the
  // same record to the appliance (200 with the first answer), never a second one.
  if (!captureIds.has(form)) {
    captureIds.set(form, newCaptureId());
  }
  body.id = captureIds.get(form);
  save(body, 0).then(({ response, answer }) => {
    if (response.status === 201 || response.status === 200) {
      thanks(body);
    } else if (response.status === 400 && answer.error) {
      refused(form, answer);
    } else if (response.status === 409 && answer.error === 'id_conflict') {
      // Saved before with other answers (the visitor changed something after a lost reply):
      // that save stands; these answers need a form of their own.
      captureIds.delete(form);
      refused(form, answer);
    } else if (response.status === 409 && answer.error) {
      notOffered(form, answer);
    } else {
      failed(form);
    }
  }, () => failed(form)).finally(() => {
    sending = false;
    button.disabled = false;
    button.replaceChildren(...label);
  });
}

/** Waits before each retry of a save whose reply never came (ms); then the visitor is told. */
const SAVE_RETRY_DELAYS = [500, 1000, 2000, 4000];

/**
 * Posts the record; a lost reply or a busy appliance (503) is tried again with the same body,
 * and so the same id. Resolves with the last response, rejects when none came at all.
 */
function save(body, attempt) {
  const retry = () => new Promise(resolve => setTimeout(resolve, SAVE_RETRY_DELAYS[attempt]))
    .then(() => save(body, attempt + 1));
  return fetch('/api/records', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept-Language': lang() },
    body: JSON.stringify(body)
  }).then(response => response.json().catch(() => ({})).then(answer => {
    if (response.status === 503 && attempt < SAVE_RETRY_DELAYS.length) {
      return retry();
    }
    return { response, answer };
  }), lost => {
    if (attempt < SAVE_RETRY_DELAYS.length) {
      return retry();
    }
    throw lost;
  });
}

/** A random UUID v4: the record's id, made here so a retried save can say it is the same one. */
function newCaptureId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

/** The appliance refused what was sent: say why, at the field, in the visitor's language. */
function refused(form, answer) {
  const key = 'error.' + answer.error;
  // The same text as the API's, in both languages; the API's own words if the page lacks the code.
  const content = hasText(key) ? both(key) : document.createTextNode(answer.message || '');
  clearErrors(form);
  if (answer.error === 'privacy_version_changed') {
    refreshPrivacy(form).then(() => reveal(showError(form, 'fields.contactConsent', both(key))
      || showError(form, 'fields.newsletterConsent', both(key))));
    showBanner(form, key);
    return;
  }
  const box = answer.field ? showError(form, answer.field, content) : null;
  if (box) {
    showBanner(form, 'ui.check.problems');
    reveal(box);
  } else {
    const b = banner(form);
    b.replaceChildren(content);
    b.hidden = false;
  }
}

/**
 * The hub turned off what the visitor is sending while they were on the form: say so in the banner,
 * in the visitor's language, and show only what the kiosk still offers.
 */
function notOffered(form, answer) {
  const key = 'error.' + answer.error;
  clearErrors(form);
  const b = banner(form);
  b.replaceChildren(hasText(key) ? both(key) : document.createTextNode(answer.message || ''));
  b.hidden = false;
  b.scrollIntoView({ block: 'nearest' });
  refreshFormOptions();
}

/** Nothing was saved (the appliance is away or failing): say so, and keep every answer. */
function failed(form) {
  showBanner(form, 'ui.failed');
  banner(form).scrollIntoView({ block: 'nearest' });
}

function thanks(body) {
  const screen = document.getElementById('screen-thanks');
  const enquiry = body.type === 'enquiry';
  screen.querySelector('.thanks-signin').hidden = enquiry;
  screen.querySelector('.thanks-enquiry').hidden = !enquiry;
  screen.querySelector('.thanks-newsletter').hidden = !body.fields.newsletterConsent;
  if (enquiry) {
    const f = body.fields;
    const agency = f.agency && kiosk.regions.agencies.find(a => a.id === f.agency);
    const region = kiosk.regions.regions.find(r => r.localAuthorities.some(la => la.slug === f.localAuthority));
    screen.querySelector('.to-agency').hidden = !agency;
    screen.querySelector('.to-region').hidden = Boolean(agency) || !region;
    screen.querySelector('.to-central').hidden = Boolean(agency) || Boolean(region);
    document.getElementById('thanks-agency').replaceChildren(agency ? fromNames(agency.name) : '');
    document.getElementById('thanks-region').replaceChildren(region ? fromNames(region.name) : '');
    screen.querySelector('.thanks-how').hidden = !f.preferredContact;
    document.getElementById('thanks-how').replaceChildren(f.preferredContact ? both('ui.contact.' + f.preferredContact) : '');
    const language = f.preferredLanguage || body.lang;
    document.getElementById('thanks-language').textContent = language === 'cy' ? 'Cymraeg' : 'English';
  }
  // What was typed is gone from the page as soon as it is saved.
  resetForms();
  go('thanks');
  clearTimeout(thanksTimer);
  thanksTimer = setTimeout(home, kiosk.screen.thanksSeconds * 1000);
}

// ---- Wiping -----------------------------------------------------------------------------------

function resetForms() {
  [signinForm, enquiryForm].forEach(form => {
    captureIds.delete(form);
    form.reset();
    clearErrors(form);
    form.querySelectorAll('button.picker').forEach(b => setPicked(b, '', null));
  });
  enquiryForm.querySelector('.agency-choice').hidden = true;
  setStep(1);
}

/** Wipes every field and all state, then shows the attract screen. */
function home() {
  clearTimeout(thanksTimer);
  keyboard.close();
  resetForms();
  pickerDialog.hidden = true;
  privacyDialog.hidden = true;
  idle.stay();
  privacy = kiosk.privacy;
  renderPrivacy();
  setLargeText(false);
  refreshFormOptions();
  const selection = window.getSelection();
  if (selection) {
    selection.removeAllRanges();
  }
  root.dataset.lang = '';
  root.lang = 'cy';
  document.title = text('cy', 'ui.title') + ' · ' + text('en', 'ui.title');
  document.querySelectorAll('[data-lang-choice]').forEach(b => b.setAttribute('aria-pressed', 'false'));
  go('attract');
}

const idle = createIdle(kiosk.screen, idleDialog, () => current() !== 'attract' && current() !== 'thanks', home);

// ---- No way out of the kiosk: see lockdown.js ---------------------------------------------------

lockDown();

// ---- Wiring -----------------------------------------------------------------------------------

document.addEventListener('click', e => {
  const target = e.target.closest('button');
  if (!target) {
    return;
  }
  if (target.dataset.start) {
    setLang(target.dataset.start);
    go('choose');
  } else if (target.dataset.langChoice) {
    setLang(target.dataset.langChoice);
  } else if (target.id === 'large-text') {
    setLargeText(!root.classList.contains('large'));
  } else if (target.dataset.go === 'signin') {
    clearErrors(signinForm);
    go('signin');
  } else if (target.dataset.go === 'enquiry') {
    showStep(1);
  } else if (target.dataset.picker) {
    openPicker(target);
  } else {
    const action = target.dataset.action;
    const actions = {
      home: home,
      back: back,
      next: next,
      submit: submit,
      privacy: openPrivacy,
      'close-privacy': () => {
        privacyDialog.hidden = true;
      },
      'close-picker': closePicker,
      'close-help': () => {
        helpNote.hidden = true;
        helpDismissed = true;
      },
      staff: () => location.replace('/staff?lang=' + (root.dataset.lang || 'cy')),
      'still-here': () => idle.stay()
    };
    if (actions[action]) {
      actions[action]();
    }
  }
});

// The forms are sent with their buttons; Enter on a hardware keyboard must not reload the page.
[signinForm, enquiryForm].forEach(form => form.addEventListener('submit', e => {
  e.preventDefault();
  submit();
}));

// ---- Help button ------------------------------------------------------------------------------

// A press of the kiosk's help button shows "help is coming" until staff mark it answered (or the
// visitor closes the note); the page asks the appliance every few seconds.
const helpNote = document.getElementById('help-note');
let helpDismissed = false;

function checkHelp() {
  fetch('/api/help', { headers: { Accept: 'application/json' } })
    .then(r => r.json())
    .then(answer => {
      if (!answer.helpComing) {
        helpDismissed = false;
      }
      helpNote.hidden = !answer.helpComing || helpDismissed;
      // Before a language is chosen the note speaks both.
      helpNote.classList.toggle('both-languages', !root.dataset.lang);
    })
    .catch(() => undefined);
}
setInterval(checkHelp, 3000);

// A service with no voluntary agencies in its data file offers no choice of destination.
if (kiosk.regions.agencies.length === 0) {
  enquiryForm.querySelector('[data-field="fields.agency"]').hidden = true;
}
// Each personal detail's input stops at the appliance's limit, which comes with the page's data.
[signinForm, enquiryForm].forEach(form => form.querySelectorAll('input[name], textarea[name]').forEach(el => {
  const max = kiosk.limits.personalChars[el.name];
  if (max) {
    el.maxLength = max;
  }
}));
renderPrivacy();
applyFormOptions(formOptions);
home();
root.classList.add('ready');
