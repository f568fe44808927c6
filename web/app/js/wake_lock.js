// Keeps the screen on while a session runs, so that the tablet beside the leg press does not go
// dark mid-set (Screen Wake Lock API). The browser drops the lock when the page is hidden; it is
// asked for again when the page comes back. Where the browser refuses, the page says so.
import { useEffect, useState } from './lib.js';

export function useWakeLock(active) {
  const [state, setState] = useState({ held: false, why: '' });
  useEffect(() => {
    if (!active) return undefined;
    if (!('wakeLock' in navigator)) {
      setState({ held: false, why: 'this browser cannot keep the screen on' });
      return undefined;
    }
    let lock = null;
    let gone = false;
    const ask = async () => {
      if (document.visibilityState !== 'visible' || gone) return;
      try {
        lock = await navigator.wakeLock.request('screen');
        if (gone) { lock.release(); return; }
        setState({ held: true, why: '' });
        lock.addEventListener('release', () => { if (!gone) setState({ held: false, why: 'the screen lock was released' }); });
      } catch (err) {
        setState({ held: false, why: err.message });
      }
    };
    ask();
    document.addEventListener('visibilitychange', ask);
    return () => {
      gone = true;
      document.removeEventListener('visibilitychange', ask);
      lock?.release();
    };
  }, [active]);
  return state;
}
