// Idle reset. After a quiet spell the visitor is asked whether they are still there, with a large
// button and time to answer (WCAG 2.2.1 asks for at least 20 s); if nobody answers, the page wipes
// everything and returns to the attract screen.

import { setBoth } from './texts.js';

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel'];

/**
 * @param timings   {idleSeconds, warningSeconds}
 * @param dialog    the warning dialog; its #idle-text shows the countdown
 * @param isWatched whether the current screen holds anything worth wiping
 * @param onExpire  wipe and go home
 */
export function createIdle(timings, dialog, isWatched, onExpire) {
  const countdown = dialog.querySelector('#idle-text');
  let last = performance.now();
  let warningSince = null;
  let shownSeconds = null;

  function touched() {
    if (warningSince === null) {
      last = performance.now();
    }
  }

  function warn(now) {
    warningSince = now;
    dialog.hidden = false;
    dialog.querySelector('#still-here').focus({ preventScroll: true });
  }

  function stay() {
    warningSince = null;
    shownSeconds = null;
    dialog.hidden = true;
    last = performance.now();
  }

  function tick() {
    const now = performance.now();
    if (!isWatched()) {
      last = now;
      if (warningSince !== null) {
        stay();
      }
      return;
    }
    if (warningSince === null) {
      if (now - last >= timings.idleSeconds * 1000) {
        warn(now);
      } else {
        return;
      }
    }
    const left = Math.max(0, Math.ceil(timings.warningSeconds - (now - warningSince) / 1000));
    if (left !== shownSeconds) {
      shownSeconds = left;
      setBoth(countdown, 'ui.idle.text', { seconds: left });
    }
    if (left === 0) {
      stay();
      onExpire();
    }
  }

  ACTIVITY.forEach(type => document.addEventListener(type, touched, { capture: true, passive: true }));
  setInterval(tick, 250);
  return { stay: stay };
}
