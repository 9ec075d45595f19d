// The kiosk's own touch keyboard: the OS keyboard does not show over Chromium in kiosk mode.
// It opens under any field marked data-kb="text|email|phone|postcode" with a layout to suit, types
// where the caret is, keeps focus in the field, and offers Welsh accents: â ê î ô û ŵ ŷ on the main
// layer and the other accented forms on a long press.

import { both } from './texts.js';

const LONG_PRESS_MS = 450;

/** What a long press on a letter offers (capitals follow Shift). */
const ACCENTS = {
  a: 'âáàä', e: 'êéèë', i: 'îíìï', o: 'ôóòö', u: 'ûúùü', w: 'ŵẃẁẅ', y: 'ŷýỳÿ', c: 'ç', n: 'ñ',
  'â': 'áàä', 'ê': 'éèë', 'î': 'íìï', 'ô': 'óòö', 'û': 'úùü', 'ŵ': 'ẃẁẅ', 'ŷ': 'ýỳÿ'
};

// Special keys: [id, css width class]. Letters and symbols are plain strings.
const SHIFT = { key: 'shift', label: '⇧', text: 'ui.kb.shift', wide: 'w15' };
const BACK = { key: 'backspace', label: '⌫', text: 'ui.kb.backspace', wide: 'w15' };
const DONE = { key: 'done', text: 'ui.kb.done', wide: 'w2' };
const SPACE = { key: 'space', text: 'ui.kb.space', wide: 'w4' };
const TO_SYMBOLS = { key: 'layer', to: 'symbols', label: '?123', text: 'ui.kb.symbols', wide: 'w15' };
const TO_LETTERS = { key: 'layer', to: 'text', label: 'ABC', text: 'ui.kb.letters', wide: 'w15' };

const LETTERS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'].map(r => r.split(''));

const LAYOUTS = {
  text: [
    ['â', 'ê', 'î', 'ô', 'û', 'ŵ', 'ŷ', '\'', '-'],
    LETTERS[0],
    LETTERS[1],
    [SHIFT, ...LETTERS[2], BACK],
    [TO_SYMBOLS, ',', SPACE, '.', DONE]
  ],
  symbols: [
    '1234567890'.split(''),
    ['-', '/', ':', ';', '(', ')', '&', '@', '"', '\''],
    ['.', ',', '?', '!', '+', '#', '%', '£', BACK],
    [TO_LETTERS, SPACE, DONE]
  ],
  email: [
    '1234567890'.split(''),
    LETTERS[0],
    LETTERS[1],
    [SHIFT, ...LETTERS[2], BACK],
    ['@', '.', '-', '_', '.com', '.co.uk', '.cymru', DONE]
  ],
  phone: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['+', '0', BACK],
    [SPACE, DONE]
  ],
  postcode: [
    '1234567890'.split(''),
    LETTERS[0].map(c => c.toUpperCase()),
    LETTERS[1].map(c => c.toUpperCase()),
    [...LETTERS[2].map(c => c.toUpperCase()), BACK],
    [SPACE, DONE]
  ]
};

export function createKeyboard(panel) {
  let field = null;
  let layout = 'text';
  let shift = false;
  let pressTimer = null;
  let longPressed = false;

  // Taps on the keyboard must never take focus from the field (focus moves on mousedown).
  panel.addEventListener('mousedown', e => e.preventDefault());

  function keyButton(spec) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'key';
    b.tabIndex = -1;
    if (typeof spec === 'string') {
      const ch = shift && spec.length === 1 ? spec.toUpperCase() : spec;
      b.dataset.char = ch;
      b.textContent = ch;
      if (ACCENTS[spec]) {
        b.dataset.accents = shift ? ACCENTS[spec].toUpperCase() : ACCENTS[spec];
        b.classList.add('has-accents');
      }
      if (spec.length > 1) {
        b.classList.add('w15');
      }
    } else {
      b.dataset.key = spec.key;
      if (spec.to) {
        b.dataset.to = spec.to;
      }
      b.classList.add('special', spec.wide);
      if (spec.label) {
        // A symbol on the key; its name in both languages for screen readers.
        const sign = document.createElement('span');
        sign.setAttribute('aria-hidden', 'true');
        sign.textContent = spec.label;
        const name = document.createElement('span');
        name.className = 'sr';
        name.appendChild(both(spec.text));
        b.append(sign, name);
      } else {
        b.appendChild(both(spec.text));
      }
      if (spec.key === 'shift') {
        b.setAttribute('aria-pressed', String(shift));
      }
    }
    return b;
  }

  function render() {
    const rows = LAYOUTS[layout].map(row => {
      const r = document.createElement('div');
      r.className = 'key-row';
      row.forEach(spec => r.appendChild(keyButton(spec)));
      return r;
    });
    panel.dataset.layout = layout;
    panel.replaceChildren(...rows);
    if (layout === 'text') {
      const hint = document.createElement('p');
      hint.className = 'kb-hint';
      hint.appendChild(both('ui.kb.hint'));
      panel.appendChild(hint);
    }
  }

  function insert(s) {
    if (!field) {
      return;
    }
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    if (field.maxLength > 0 && field.value.length - (end - start) + s.length > field.maxLength) {
      return;
    }
    field.setRangeText(s, start, end, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
    autoShift();
  }

  /** Names start each word with a capital (data-caps="words"), as phone keyboards do. */
  function autoShift() {
    const before = field.value.slice(0, field.selectionStart ?? field.value.length);
    const wanted = field.dataset.caps === 'words' && (before === '' || /[\s'-]$/.test(before));
    if (wanted !== shift) {
      shift = wanted;
      render();
    }
  }

  function backspace() {
    if (!field) {
      return;
    }
    let start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    if (start === end) {
      if (start === 0) {
        return;
      }
      // One character back, even if it is a surrogate pair.
      const before = Array.from(field.value.slice(0, start));
      start -= before[before.length - 1].length;
    }
    field.setRangeText('', start, end, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
    autoShift();
  }

  function closeAccents() {
    panel.querySelectorAll('.accents').forEach(p => p.remove());
  }

  function openAccents(key) {
    closeAccents();
    const pop = document.createElement('div');
    pop.className = 'accents';
    pop.setAttribute('role', 'group');
    for (const ch of key.dataset.accents) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'key accent';
      b.tabIndex = -1;
      b.dataset.char = ch;
      b.textContent = ch;
      pop.appendChild(b);
    }
    const keyBox = key.getBoundingClientRect();
    const panelBox = panel.getBoundingClientRect();
    pop.style.left = Math.max(0, Math.min(keyBox.left - panelBox.left, panelBox.width - 60 * key.dataset.accents.length)) + 'px';
    pop.style.top = Math.max(0, keyBox.top - panelBox.top - 56) + 'px';
    panel.appendChild(pop);
  }

  panel.addEventListener('pointerdown', e => {
    const key = e.target.closest('.key.has-accents');
    longPressed = false;
    clearTimeout(pressTimer);
    if (key) {
      pressTimer = setTimeout(() => {
        longPressed = true;
        openAccents(key);
      }, LONG_PRESS_MS);
    }
  });
  ['pointerup', 'pointercancel', 'pointerleave'].forEach(type =>
    panel.addEventListener(type, () => clearTimeout(pressTimer)));

  panel.addEventListener('click', e => {
    const key = e.target.closest('.key');
    if (!key) {
      return;
    }
    if (longPressed) {
      // The press that opened the accents is not also a letter.
      longPressed = false;
      return;
    }
    closeAccents();
    if (key.dataset.char) {
      insert(key.dataset.char);
    } else if (key.dataset.key === 'space') {
      insert(' ');
    } else if (key.dataset.key === 'backspace') {
      backspace();
    } else if (key.dataset.key === 'shift') {
      shift = !shift;
      render();
    } else if (key.dataset.key === 'layer') {
      layout = key.dataset.to;
      shift = false;
      render();
    } else if (key.dataset.key === 'done') {
      close();
      return;
    }
    if (field && document.activeElement !== field) {
      field.focus({ preventScroll: true });
    }
  });

  function open(input) {
    field = input;
    const wanted = input.dataset.kb in LAYOUTS ? input.dataset.kb : 'text';
    if (panel.hidden || wanted !== panel.dataset.for) {
      layout = wanted;
      shift = false;
      panel.dataset.for = wanted;
      render();
    }
    autoShift();
    panel.hidden = false;
    document.documentElement.classList.add('keyboard-open');
    // A dialog open above the page leaves room for the keyboard (see kiosk.css).
    document.documentElement.style.setProperty('--keyboard-height', panel.offsetHeight + 'px');
    // Keep the field in sight above the keyboard.
    requestAnimationFrame(() => input.scrollIntoView({ block: 'nearest' }));
  }

  function close() {
    clearTimeout(pressTimer);
    closeAccents();
    panel.hidden = true;
    delete panel.dataset.for;
    document.documentElement.classList.remove('keyboard-open');
    if (field && document.activeElement === field) {
      field.blur();
    }
    field = null;
  }

  // Open under a keyboard field. Close only once a tap elsewhere has finished: closing as focus
  // leaves the field (on the finger's down) would move the page under the finger, and the tap
  // would land on nothing (a "Next" or "Save" pressed with the keyboard open would be lost).
  document.addEventListener('focusin', e => {
    if (e.target.matches && e.target.matches('[data-kb]')) {
      open(e.target);
    }
  });
  // A tap that began on a field is not a tap elsewhere, even if the keyboard opening under it has
  // moved the page so that the finger lifts over something else.
  let downOnField = false;
  document.addEventListener('pointerdown', e => {
    downOnField = Boolean(e.target.closest && e.target.closest('[data-kb]'));
  }, true);
  document.addEventListener('click', e => {
    const fromField = downOnField;
    downOnField = false;
    if (!panel.hidden && !fromField && !panel.contains(e.target) && !(e.target.matches && e.target.matches('[data-kb]'))) {
      close();
    }
  }, true);
  // A tap back on the field that already has focus (after Done) opens the keyboard again.
  document.addEventListener('click', e => {
    if (e.target.matches && e.target.matches('[data-kb]') && panel.hidden) {
      open(e.target);
    }
  });

  return { close: close, isOpen: () => !panel.hidden };
}
