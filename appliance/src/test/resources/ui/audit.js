// Checks what a visitor meets on the screen now showing, as a browser test's script:
// touch targets of at least 44×44 CSS px, primary actions inside the viewport, no sideways
// scrolling, text contrast of WCAG 2.2 AA, and the focused field (if any) not hidden by the keyboard.
// Returns a list of problems, each a short sentence; an empty list means all is well.
const problems = [];
const vw = window.innerWidth;
const vh = window.innerHeight;

function shown(el) {
  if (!el.isConnected) {
    return false;
  }
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) {
    return false;
  }
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) {
      return false;
    }
  }
  return true;
}

function name(el) {
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + text.slice(0, 40) + '"';
}

// Touch targets: every control a finger can hit. Chips and check boxes are hit on their label.
document.querySelectorAll('button, a, input:not([type=hidden]), textarea, select, label.chip > span, label.check').forEach(el => {
  if (!shown(el)) {
    return;
  }
  const r = el.getBoundingClientRect();
  if (Math.round(r.width) < 44 || Math.round(r.height) < 44) {
    problems.push('target too small (' + Math.round(r.width) + '×' + Math.round(r.height) + '): ' + name(el));
  }
});

// Links out of the kiosk: there must be none.
document.querySelectorAll('a[href]').forEach(a => problems.push('a link: ' + a.getAttribute('href')));

// The screen's actions and the dialogs' own actions are fully on screen (long lists may scroll).
document.querySelectorAll('.screen:not([hidden]) .actions button, .overlay:not([hidden]) .actions button, '
    + '#still-here').forEach(b => {
  if (!shown(b)) {
    return;
  }
  const r = b.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > vh + 0.5 || r.right > vw + 0.5) {
    problems.push('off screen: ' + name(b) + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round));
  }
});
if (document.documentElement.scrollWidth > vw) {
  problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
}

// The field being typed in is visible between the header and the keyboard.
const focused = document.activeElement;
const keyboard = document.getElementById('keyboard');
if (focused && focused.matches('[data-kb]') && !keyboard.hidden) {
  const r = focused.getBoundingClientRect();
  const top = document.getElementById('top').getBoundingClientRect().bottom;
  const bottom = keyboard.getBoundingClientRect().top;
  if (r.top < top - 0.5 || r.bottom > bottom + 0.5) {
    problems.push('the focused field is hidden: ' + name(focused) + ' spans ' + Math.round(r.top) + '-'
      + Math.round(r.bottom) + ', visible ' + Math.round(top) + '-' + Math.round(bottom));
  }
}

// Contrast (WCAG 2.2 AA): 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
function rgba(css) {
  const m = css.match(/rgba?\(([^)]+)\)/);
  if (!m) {
    return [0, 0, 0, 0];
  }
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function luminance(c) {
  const ch = c.slice(0, 3).map(v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) {
      return c;
    }
  }
  return [255, 255, 255, 1];
}
const overlayOpen = Array.from(document.querySelectorAll('.overlay')).some(o => !o.hidden);
document.querySelectorAll('body *').forEach(el => {
  const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim() !== '');
  if (!ownText || !shown(el) || (overlayOpen && !el.closest('.overlay'))) {
    return;
  }
  const s = getComputedStyle(el);
  const fg = rgba(s.color);
  const bg = background(el);
  const l1 = luminance(fg);
  const l2 = luminance(bg);
  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  const size = parseFloat(s.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
  const needed = large ? 3 : 4.5;
  if (ratio < needed) {
    problems.push('contrast ' + ratio.toFixed(2) + ' < ' + needed + ': ' + name(el));
  }
});
return problems;
