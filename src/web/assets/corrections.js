/*
 * Editing in place on the article page, served from this origin (the CSP allows nothing else). Without it
 * "Fix this text" opens the edit form (/article/ID/edit), which does everything this does and more; with
 * it, the text opens for editing where it stands, a paragraph to a box, and is saved through the JSON API
 * (POST /api/v1/articles/ID/corrections). A conflict (someone saved first) or a rate limit keeps the
 * reader's text in the boxes and says what happened. Text goes into the page only as text (textContent,
 * textarea values), never as markup.
 */
(() => {
  const article = document.querySelector('article[data-article]');
  const link = article?.querySelector('a.fix-text');
  const text = article?.querySelector('.text');
  // A locked article: the link opens the edit page, which says so.
  if (!article || !link || !text || article.hasAttribute('data-locked')) return;
  const id = article.dataset.article;
  let baseVersion = Number(article.dataset.version) || 1;

  /** An element with text (never parsed as HTML) and attributes. */
  function el(name, attrs = {}, content = '') {
    const e = document.createElement(name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (content) e.textContent = content;
    return e;
  }

  /** The API's JSON, asked past any copy the browser kept (the text must be the text as it is now). */
  async function json(url) {
    const r = await fetch(url, { cache: 'no-cache', headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  }

  /** The version in force now, from the article's history. */
  async function newestVersion() {
    const h = await json(`/api/v1/articles/${id}/history`);
    return Number(h.current) || 1;
  }

  /** The message the API's error body carries, or a general one. */
  async function errorMessage(r) {
    try {
      const body = await r.json();
      if (body?.error?.message) return body.error.message;
    } catch {}
    return `The correction could not be saved (HTTP ${r.status}). Try again, or use the full form.`;
  }

  /** Paragraphs as the edit form splits them: at blank lines, trimmed, none empty. */
  const paragraphs = (body) =>
    body
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);

  function open(current) {
    const saved = [...text.childNodes];
    const form = el('form', { class: 'edit-in-place', 'aria-label': 'Fix this text' });
    const status = el('div', { class: 'notice info', role: 'status', 'aria-live': 'polite' });
    status.append(
      el(
        'p',
        {},
        'Correct the text to what the scan shows, a paragraph to a box. Your change is kept as a new version in the public history.',
      ),
    );
    form.append(status);
    const boxes = paragraphs(current.text).map((p, i, all) => {
      const wrap = el('div', { class: 'para-edit' });
      const box = el('textarea', {
        id: `inplace-p-${i + 1}`,
        rows: String(Math.min(20, Math.max(3, Math.ceil(p.length / 60) + 1))),
        spellcheck: 'true',
      });
      box.value = p;
      wrap.append(el('label', { for: box.id }, `Paragraph ${i + 1} of ${all.length}`), box);
      form.append(wrap);
      return box;
    });
    const who = el('input', {
      id: 'inplace-name',
      type: 'text',
      autocomplete: 'name',
      maxlength: '100',
    });
    const why = el('input', { id: 'inplace-comment', type: 'text', maxlength: '500' });
    for (const [input, label] of [
      [who, 'Your name (optional; shown in the history, else “anonymous”)'],
      [why, 'What you changed and why (optional)'],
    ]) {
      const f = el('div', { class: 'field' });
      f.append(el('label', { for: input.id }, label), input);
      form.append(f);
    }
    const actions = el('div', { class: 'actions' });
    const save = el('button', { type: 'submit' }, 'Save the correction');
    const cancel = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const more = el(
      'a',
      { href: link.getAttribute('href'), class: 'button-link' },
      'Headline, details, split or merge',
    );
    actions.append(save, cancel, more);
    form.append(actions);

    const say = (kind, message, extra) => {
      status.className = `notice ${kind}`;
      status.replaceChildren(el('p', {}, message));
      if (extra) status.append(extra);
      status.scrollIntoView({ block: 'nearest' });
    };

    cancel.addEventListener('click', () => {
      text.replaceChildren(...saved);
      link.focus();
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = boxes.map((b) => b.value).join('\n\n');
      if (paragraphs(body).join('\n\n') === paragraphs(current.text).join('\n\n')) {
        say('error', 'Nothing is changed yet: correct a word or a paragraph, then save.');
        return;
      }
      save.disabled = true;
      let r;
      try {
        r = await fetch(`/api/v1/articles/${id}/corrections`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({
            text: paragraphs(body).join('\n\n'),
            baseVersion,
            ...(who.value.trim() ? { contributor: who.value.trim() } : {}),
            ...(why.value.trim() ? { comment: why.value.trim() } : {}),
          }),
        });
      } catch {
        save.disabled = false;
        say('error', 'The archive could not be reached; your text is still here. Try again in a moment.');
        return;
      }
      save.disabled = false;
      // 201: saved and shown; 202: saved, waiting for review (the article page says which).
      if (r.status === 201 || r.status === 202) {
        const made = await r.json().catch(() => ({}));
        const n = made?.version?.version ?? '';
        // A new address, so that no copy of the article the browser kept is shown.
        location.assign(`${location.pathname}?corrected=${encodeURIComponent(n)}`);
        return;
      }
      const message = await errorMessage(r);
      if (r.status === 409) {
        // Someone saved first: show the text as it now is; the reader's stays in the boxes, and saving
        // again replaces the newer version knowingly.
        const now = el('details', { class: 'conflict', open: '' });
        now.append(el('summary', {}, 'The text as it now reads'));
        try {
          const [fresh, version] = await Promise.all([json(`/api/v1/articles/${id}`), newestVersion()]);
          for (const p of paragraphs(fresh.text)) now.append(el('p', {}, p));
          baseVersion = version;
        } catch {
          now.append(
            el('p', {}, 'It could not be loaded; reload the page to see it (copy your text first).'),
          );
        }
        say(
          'warning',
          `${message} Your text is still in the boxes below: compare it with the text as it now reads, then save again to replace it.`,
          now,
        );
        return;
      }
      if (r.status === 429) {
        const wait = Number(r.headers.get('Retry-After'));
        say(
          'warning',
          `${message}${wait > 0 ? ` Try again in ${wait} seconds.` : ''} Your text is still here.`,
        );
        return;
      }
      say('error', `${message} Your text is still here.`);
    });

    text.replaceChildren(form);
    boxes[0]?.focus();
  }

  link.addEventListener('click', async (e) => {
    if (text.querySelector('form.edit-in-place')) {
      e.preventDefault();
      return;
    }
    e.preventDefault();
    try {
      open(await json(`/api/v1/articles/${id}`));
    } catch {
      // The API did not answer: the full form does the same without script.
      location.assign(link.href);
    }
  });
})();
