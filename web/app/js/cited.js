// Sources under a recommendation: cited ({id, citation}) or bare reference ids.
import { html } from './lib.js';

export function Sources({ sources }) {
  if (!sources || sources.length === 0) return null;
  const seen = new Set();
  const unique = sources.filter((s) => { const id = typeof s === 'string' ? s : s.id; if (seen.has(id)) return false; seen.add(id); return true; });
  return html`
    <details class="sources"><summary>Sources (${unique.length})</summary>
      <ol>${unique.map((s) => html`<li>${typeof s === 'string' ? s : s.citation}</li>`)}</ol>
    </details>`;
}

export function SourcedText({ item }) {
  return html`<div class="sourced"><p>${item.text}</p><${Sources} sources=${item.sources} /></div>`;
}
