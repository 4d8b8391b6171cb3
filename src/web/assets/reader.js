/*
 * The site's one script, served from this origin (the CSP allows nothing else). Every page works without it;
 * it adds: zoom and pan in the page viewer (buttons, keys, drag, pinch, Ctrl+wheel) by moving the SVG's
 * viewBox, which is the page in PDF points; "next match" on the article page; and at phone width, the
 * article's scan folded away and the search filters folded, at desktop width the filters shown.
 */
(() => {
  const MAX_ZOOM = 6;
  const phone = window.matchMedia('(max-width: 48rem)');

  /** Zoom and pan for one `figure[data-viewer]`. */
  function viewer(figure) {
    const svg = figure.querySelector('svg');
    if (!svg) return;
    const pageW = Number(figure.dataset.width);
    const pageH = Number(figure.dataset.height);
    const start = svg.getAttribute('viewBox').split(' ').map(Number);
    let [x, y, w, h] = start;

    const status = document.createElement('span');
    status.className = 'zoom-level';
    status.setAttribute('aria-live', 'polite');

    function show() {
      // Kept on the page: never past an edge, never wider than the page.
      w = Math.min(pageW, Math.max(pageW / MAX_ZOOM, w));
      h = w * (pageH / pageW);
      x = Math.min(Math.max(0, x), pageW - w);
      y = Math.min(Math.max(0, y), pageH - h);
      svg.setAttribute('viewBox', `${x.toFixed(1)} ${y.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
      const zoom = Math.round((pageW / w) * 100);
      status.textContent = `${zoom} %`;
      figure.classList.toggle('zoomed', zoom > 100);
    }

    /** Zooms by `k` (above 1: in) keeping the point at (fx, fy) of the view (0–1 each) where it is. */
    function zoom(k, fx = 0.5, fy = 0.5) {
      const px = x + fx * w;
      const py = y + fy * h;
      w /= k;
      h = w * (pageH / pageW);
      x = px - fx * w;
      y = py - fy * h;
      show();
    }

    function reset() {
      [x, y, w, h] = [0, 0, pageW, pageH];
      show();
    }

    const tools = document.createElement('div');
    tools.className = 'zoom-tools';
    tools.setAttribute('role', 'toolbar');
    tools.setAttribute('aria-label', 'Zoom');
    const button = (label, text, action) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', action);
      tools.append(b);
      return b;
    };
    button('Zoom in', '+', () => zoom(1.5));
    button('Zoom out', '−', () => zoom(1 / 1.5));
    button('Whole page', 'Whole page', reset);
    tools.append(status);
    figure.prepend(tools);

    // The picture takes keys once focused: + and − zoom, 0 shows the whole page, arrows pan.
    svg.setAttribute('tabindex', '0');
    svg.setAttribute('aria-keyshortcuts', '+ - 0 ArrowUp ArrowDown ArrowLeft ArrowRight');
    svg.addEventListener('keydown', (e) => {
      const step = 0.1;
      const keys = {
        '+': () => zoom(1.5),
        '=': () => zoom(1.5),
        '-': () => zoom(1 / 1.5),
        0: reset,
        ArrowLeft: () => {
          x -= w * step;
          show();
        },
        ArrowRight: () => {
          x += w * step;
          show();
        },
        ArrowUp: () => {
          y -= h * step;
          show();
        },
        ArrowDown: () => {
          y += h * step;
          show();
        },
      };
      const act = keys[e.key];
      if (!act || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      act();
    });

    // Ctrl+wheel (and a touchpad's pinch, which browsers send so) zooms at the pointer; a plain wheel scrolls.
    svg.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey) return;
        e.preventDefault();
        const r = svg.getBoundingClientRect();
        zoom(e.deltaY < 0 ? 1.25 : 0.8, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
      },
      { passive: false },
    );
    svg.addEventListener('dblclick', (e) => {
      const r = svg.getBoundingClientRect();
      zoom(e.shiftKey ? 0.5 : 2, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
    });

    // Drag to pan, two fingers to pinch; a drag is no click on the article under it.
    const pointers = new Map();
    let moved = false;
    let pinch = 0;
    svg.addEventListener('pointerdown', (e) => {
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 1) moved = false;
      if (pointers.size === 2) pinch = spread();
    });
    const spread = () => {
      const [a, b] = [...pointers.values()];
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    svg.addEventListener('pointermove', (e) => {
      const last = pointers.get(e.pointerId);
      if (!last) return;
      const dx = e.clientX - last.x;
      const dy = e.clientY - last.y;
      if (!moved && Math.hypot(dx, dy) < 4) return;
      if (!moved) svg.setPointerCapture(e.pointerId);
      moved = true;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2) {
        const now = spread();
        if (pinch > 0) zoom(now / pinch);
        pinch = now;
        return;
      }
      const perPixel = w / svg.getBoundingClientRect().width;
      x -= dx * perPixel;
      y -= dy * perPixel;
      show();
    });
    const up = (e) => pointers.delete(e.pointerId);
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
    svg.addEventListener(
      'click',
      (e) => {
        if (moved) {
          e.preventDefault();
          e.stopPropagation();
        }
      },
      true,
    );
    show();
  }

  /** "Next match": each press goes to the next highlighted word, in the text and then round again. */
  function nextMatch(link) {
    const marks = [...document.querySelectorAll('mark[id^="match-"]')];
    if (marks.length === 0) return;
    let at = -1;
    const count = link.querySelector('.match-at');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      marks[at]?.classList.remove('current');
      at = (at + 1) % marks.length;
      const m = marks[at];
      m.classList.add('current');
      m.scrollIntoView({ block: 'center' });
      if (count) count.textContent = ` (${at + 1} of ${marks.length})`;
      history.replaceState(null, '', `#${m.id}`);
    });
  }

  /** At phone width the scan of an article folds away (its summary opens it); the search filters fold too. */
  function fold() {
    for (const d of document.querySelectorAll('details.scan')) d.open = !phone.matches;
    for (const d of document.querySelectorAll('details.facet-toggle')) d.open = !phone.matches;
  }

  for (const f of document.querySelectorAll('figure[data-viewer]')) viewer(f);
  for (const a of document.querySelectorAll('a.next-match')) nextMatch(a);
  fold();
  phone.addEventListener('change', fold);
})();
