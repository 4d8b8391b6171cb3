/** A readable page of the API, drawn from the OpenAPI document itself so the two never disagree. */
import type { SiteConfig } from '../config/site-config.js';
import { html } from '../web/html.js';
import { page } from '../web/views/layout.js';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked generically, field by field.
type Json = Record<string, any>;

/** curl's flags for an operation's method and body: a PDF upload, a JSON body, or only the method. */
function requestFlags(method: string, op: Json, params: Json[]): string {
  const jsonExample = op.requestBody?.content?.['application/json']?.example;
  if (jsonExample !== undefined)
    return `-H 'Content-Type: application/json' --data '${JSON.stringify(jsonExample)}' `;
  if (op.requestBody)
    return `--data-binary @${params.find((p) => p.name === 'filename')?.example ?? 'FILE.pdf'} `;
  return method === 'get' ? '' : `-X ${method.toUpperCase()} `;
}

export function apiDocsView(site: SiteConfig, doc: Json, origin: string): string {
  const ops = Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
    Object.entries(methods as Json).map(([method, op]) => ({ path, method, op: op as Json })),
  );
  const body = html`<div class="measure">
<h1>${doc.info.title}</h1>
<p>${doc.info.description}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${doc.openapi}). Cross-origin requests are allowed.</p>
${ops.map(({ path, method, op }) => {
  const params = (op.parameters ?? []) as Json[];
  const example = `${origin}${path.replace(/\{(\w+)\}/g, (_m: string, n: string) => String(params.find((p) => p.name === n)?.example ?? n))}${
    params.some((p) => p.in === 'query' && p.example)
      ? `?${params
          .filter((p) => p.in === 'query' && p.example)
          .map((p) => `${p.name}=${encodeURIComponent(p.example)}`)
          .join('&')}`
      : ''
  }`;
  return html`<section class="api-op" id="${op.operationId}">
  <h2><code>${method.toUpperCase()} ${path}</code></h2>
  <p>${op.summary}</p>
  ${
    params.length
      ? html`<table class="params"><caption>Parameters</caption><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${params.map(
          (p) =>
            html`<tr><td><code>${p.name}</code>${p.required ? ' (required)' : ''}</td><td>${p.in}</td><td>${p.schema?.enum ? p.schema.enum.join(' | ') : (p.schema?.type ?? '')}</td><td>${p.description ?? ''}</td></tr>`,
        )}</tbody></table>`
      : ''
  }
  <pre><code>curl ${op.security ? "-H 'Authorization: Bearer TOKEN' " : ''}${requestFlags(method, op, params)}'${example}'</code></pre>
</section>`;
})}
</div>`;
  return page({ title: 'API', site, body });
}
