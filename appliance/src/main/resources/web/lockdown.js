// No way out of the kiosk for a visitor, on every page the kiosk's Chromium shows: no context menu,
// no dragging, no text selection outside fields, no pinch or ctrl-wheel/ctrl-key zoom. Chromium's
// kiosk flags and the page's viewport meta do the rest.

export function lockDown() {
  document.addEventListener('contextmenu', e => e.preventDefault());
  document.addEventListener('dragstart', e => e.preventDefault());
  document.addEventListener('selectstart', e => {
    if (!e.target.closest || !e.target.closest('input, textarea')) {
      e.preventDefault();
    }
  });
  document.addEventListener('wheel', e => {
    if (e.ctrlKey) {
      e.preventDefault();
    }
  }, { passive: false });
  document.addEventListener('touchmove', e => {
    if (e.touches.length > 1) {
      e.preventDefault();
    }
  }, { passive: false });
  document.addEventListener('keydown', e => {
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '0'].includes(e.key)) {
      e.preventDefault();
    }
  });
}
