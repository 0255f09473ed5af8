/**
 * The panel's scroll position is remembered per browser (localStorage, by board id) and restored
 * when the board opens again. The panel's content grows as it loads (the interviewer's notes come
 * later), so the position is set again each frame until it holds, for at most a few seconds, and
 * never once the person scrolls or clicks in the panel themselves.
 */
import { useEffect, type RefObject } from 'react';

const SAVE_EVERY_MS = 200;
/** How long a restore keeps trying while the content grows. */
const RESTORE_FOR_MS = 5_000;

export function useRememberedScroll(ref: RefObject<HTMLElement | null>, key: string | undefined): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || !key) return;
    const storageKey = `boardroom.panelScroll.${key}`;
    const target = Number(window.localStorage.getItem(storageKey));
    let restoring = Number.isFinite(target) && target > 0;
    const until = performance.now() + RESTORE_FOR_MS;
    let frame = 0;
    const restore = () => {
      frame = 0;
      if (!restoring) return;
      el.scrollTop = target;
      if (Math.abs(el.scrollTop - target) < 1 || performance.now() > until) restoring = false;
      else frame = requestAnimationFrame(restore);
    };
    restore();
    const byHand = () => {
      restoring = false;
    };
    let timer: ReturnType<typeof setTimeout> | null = null;
    const save = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      try {
        window.localStorage.setItem(storageKey, String(Math.round(el.scrollTop)));
      } catch {
        // storage full or disabled: not remembered
      }
    };
    const onScroll = () => {
      if (restoring) return; // our own restore, not the person's
      timer ??= setTimeout(save, SAVE_EVERY_MS);
    };
    const handEvents = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;
    for (const type of handEvents) el.addEventListener(type, byHand, { passive: true });
    el.addEventListener('scroll', onScroll, { passive: true });
    // Leaving mid-restore keeps what was remembered (the content may not have grown enough yet).
    const onLeave = () => {
      if (!restoring) save();
    };
    window.addEventListener('pagehide', onLeave);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      for (const type of handEvents) el.removeEventListener(type, byHand);
      el.removeEventListener('scroll', onScroll);
      window.removeEventListener('pagehide', onLeave);
      if (timer !== null) save();
    };
  }, [ref, key]);
}
