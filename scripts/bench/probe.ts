/**
 * The in-page probe: a script Playwright adds to every document of a browser
 * context (addInitScript) before the page's own scripts run. It is active only
 * in the app's iframe (the app origin, inside another page) and records, with
 * that document's own clock (`performance.now()`, 0 = the frame's navigation
 * start, i.e. `performance.timeOrigin`):
 *
 * - `marks.row`: the first moment a `[data-testid="contact-row"]` is in the DOM;
 * - `marks.count`: the first moment `[data-testid="contact-count"]` is (the
 *   "N contacts" / "No contacts are linked" line, shown with the list);
 * - every change of the `[data-testid="notice"]` text (the outcome of a clear
 *   or an undo), and every click on a button (capture phase, before the app);
 * - long tasks (> 50 ms on the main thread).
 *
 * A MutationObserver notes the times inside the mutation's own task, so no
 * polling delay is added. The probe is plain JavaScript in a string so that
 * nothing the TypeScript runner adds to functions leaks into the page.
 */
export function probeScript(appOrigin: string): string {
  return `(() => {
  if (window.top === window || location.origin !== ${JSON.stringify(appOrigin)}) return;
  const S = { marks: {}, notices: [], clicks: [], longTasks: [] };
  let lastNotice = null;
  const mark = (k) => { if (!(k in S.marks)) S.marks[k] = performance.now(); };
  const check = () => {
    if (!('row' in S.marks) && document.querySelector('[data-testid="contact-row"]')) mark('row');
    if (!('count' in S.marks) && document.querySelector('[data-testid="contact-count"]')) mark('count');
    const n = document.querySelector('[data-testid="notice"]');
    const text = n ? n.textContent.replace(/\\s+/g, ' ').trim() : '';
    if (text !== lastNotice) { lastNotice = text; S.notices.push({ t: performance.now(), text }); }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  addEventListener('click', (e) => {
    const b = e.target && e.target.closest ? e.target.closest('button') : null;
    S.clicks.push({ t: performance.now(), text: b ? b.textContent.replace(/\\s+/g, ' ').trim() : '' });
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) S.longTasks.push({ t: e.startTime, d: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no long task timing: none recorded */ }
  const rows = () => document.querySelectorAll('[data-testid="contact-row"]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  window.__bench = {
    snapshot() {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        marks: { ...S.marks },
        nav: nav ? { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd } : null,
        rest: performance.getEntriesByType('resource')
          .filter((e) => e.name.includes('/rest/'))
          .map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })),
        rows: rows().length,
        domNodes: document.getElementsByTagName('*').length,
        notices: S.notices.slice(),
        clicks: S.clicks.slice(),
        longTasks: S.longTasks.slice(),
        now: performance.now(),
        origin: performance.timeOrigin,
      };
    },
    /** Scroll the virtualized list from top to bottom one viewport at a time, two frames per step. */
    async scrollThrough() {
      const el = document.querySelector('[data-testid="contact-scroller"]');
      if (!el) return null;
      const lt0 = S.longTasks.length;
      const t0 = performance.now();
      const stepMs = [];
      let maxRows = rows().length;
      let lastPosition = 0;
      for (let y = 0; ; y += el.clientHeight) {
        const s = performance.now();
        el.scrollTop = y;
        await frame();
        await frame();
        stepMs.push(performance.now() - s);
        const now = rows();
        maxRows = Math.max(maxRows, now.length);
        for (const r of now) lastPosition = Math.max(lastPosition, Number(r.getAttribute('aria-rowindex') || r.getAttribute('aria-posinset')) || 0);
        if (y + el.clientHeight >= el.scrollHeight) break;
      }
      el.scrollTop = 0;
      await frame();
      const longTasks = S.longTasks.slice(lt0);
      return {
        steps: stepMs.length,
        totalMs: performance.now() - t0,
        maxRows,
        lastPosition,
        stepMs,
        longTasks: longTasks.length,
        longestTaskMs: longTasks.reduce((a, e) => Math.max(a, e.d), 0),
      };
    },
  };
})();`
}

export interface ProbeSnapshot {
  marks: { row?: number, count?: number }
  nav: { responseEnd: number, domContentLoaded: number, load: number } | null
  rest: Array<{ name: string, start: number, end: number }>
  rows: number
  domNodes: number
  notices: Array<{ t: number, text: string }>
  clicks: Array<{ t: number, text: string }>
  longTasks: Array<{ t: number, d: number }>
  now: number
  /** the frame's performance.timeOrigin (ms since the epoch): its clock's zero on the machine's clock */
  origin: number
}

export interface ScrollResult {
  steps: number
  totalMs: number
  maxRows: number
  /** the highest row position rendered (the grid row's aria-rowindex, 1-based): equals the contact count when the scroll reached the end */
  lastPosition: number
  stepMs: number[]
  longTasks: number
  longestTaskMs: number
}
