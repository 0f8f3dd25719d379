// The alarm for a NEW critical alert: a short two-tone sound (WebAudio, no audio file) and a flash of the
// alert panel. The sound is off until someone in the room switches it on (the choice is kept in
// localStorage): browsers refuse to play audio before a user gesture anyway, so "on" by default would be
// a promise an unattended wall screen cannot keep, and ten screens beeping at once help nobody; the click
// on the toggle is the gesture that unlocks audio. The flash needs no permission and is always on; with
// prefers-reduced-motion it is a steady outline instead of a pulse (style.css).
import { storageGet, storageSet } from './util.js';

const STORAGE_KEY = 'alertSound';
const MIN_SOUND_GAP_MS = 4000; // a burst of new critical alerts sounds once, not once per alert
const FLASH_MS = 10000;

export function createAlarm(app, toggle, panel) {
  let enabled = storageGet(STORAGE_KEY) === 'on';
  let audio = null;
  let lastSoundAt = 0;
  let flashTimer = null;
  let raised = 0;
  let sounded = 0;

  /** Creates or resumes the audio context; only works inside a user gesture (click, key). */
  function unlock() {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) {
      return Promise.resolve();
    }
    if (!audio) {
      audio = new Ctx();
    }
    const ready = audio.state === 'suspended' ? audio.resume().catch(() => undefined) : Promise.resolve();
    return ready.then(render);
  }

  const unlocked = () => Boolean(audio) && audio.state === 'running';

  /** Two short tones, rising: distinct from any system sound, over in 0.6 s. Envelopes avoid clicks. */
  function tone() {
    if (!unlocked()) {
      return false;
    }
    const start = audio.currentTime + 0.02;
    [[880, 0], [1175, 0.28]].forEach(([hz, offset]) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'triangle';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0, start + offset);
      gain.gain.linearRampToValueAtTime(0.35, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.27);
    });
    return true;
  }

  function flash() {
    panel.classList.remove('alarm');
    void panel.offsetWidth; // restart the animation when a second alarm comes during the first
    panel.classList.add('alarm');
    window.clearTimeout(flashTimer);
    flashTimer = window.setTimeout(() => panel.classList.remove('alarm'), FLASH_MS);
  }

  /** Called with the alerts that just started firing as critical (never silenced, never from a full frame). */
  function raise(newAlerts) {
    if (!newAlerts.length) {
      return;
    }
    raised += 1;
    flash();
    const now = Date.now();
    if (enabled && now - lastSoundAt >= MIN_SOUND_GAP_MS && tone()) {
      lastSoundAt = now;
      sounded += 1;
    }
    // Observable by people debugging a silent room and by the browser test; no data in them.
    panel.dataset.alarms = String(raised);
    panel.dataset.sounds = String(sounded);
  }

  function render() {
    const t = app.t();
    let label = enabled ? t.soundOn : t.soundOff;
    if (enabled && !unlocked()) {
      label = t.soundLocked;
    }
    toggle.textContent = label;
    toggle.setAttribute('aria-pressed', String(enabled));
    toggle.classList.toggle('on', enabled);
    toggle.classList.toggle('locked', enabled && !unlocked());
    toggle.title = t.soundHint;
  }

  toggle.addEventListener('click', () => {
    enabled = !enabled;
    storageSet(STORAGE_KEY, enabled ? 'on' : 'off');
    render();
    if (enabled) {
      unlock().then(tone); // the room hears what the alarm sounds like, and knows the speakers work
    }
  });
  // Switched on in an earlier session: the first touch or key anywhere on the page unlocks the audio.
  const firstGesture = () => {
    if (enabled) {
      unlock();
    }
  };
  ['pointerdown', 'keydown'].forEach((type) => window.addEventListener(type, firstGesture, { passive: true }));
  panel.dataset.alarms = '0';
  panel.dataset.sounds = '0';

  return { raise, render };
}
