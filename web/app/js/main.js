// The clinic app's shell: who is signed in, the hash router, the header and the notice that is
// always on screen. Pages live in pages/, one file each.
import { html, render, useState, useEffect } from './lib.js';
import { api, setCsrf, whenSignedOut } from './api.js';
import { SignIn } from './pages/sign_in.js';
import { Athletes } from './pages/athletes.js';
import { Athlete } from './pages/athlete.js';
import { LiveSession } from './pages/live_session.js';
import { SessionView } from './pages/session_view.js';
import { Evidence } from './pages/evidence.js';
import { Account } from './pages/account.js';

const NOTICE = 'Not medical advice: a training and planning aid for use with a clinician. Results from the virtual cuff are simulated.';

function useHash() {
  const [hash, setHash] = useState(location.hash || '#/athletes');
  useEffect(() => {
    const changed = () => setHash(location.hash || '#/athletes');
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function page(hash, me) {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const id = Number(parts[1]);
  switch (parts[0]) {
    case 'athletes': return parts[1] ? html`<${Athlete} id=${id} me=${me} />` : html`<${Athletes} me=${me} />`;
    case 'live': return html`<${LiveSession} id=${id} me=${me} />`;
    case 'sessions': return html`<${SessionView} id=${id} me=${me} />`;
    case 'evidence': return html`<${Evidence} />`;
    case 'account': return html`<${Account} me=${me} />`;
    default: return html`<${Athletes} me=${me} />`;
  }
}

function App() {
  const [me, setMe] = useState(undefined);  // undefined: asking; null: signed out
  const hash = useHash();

  const signedIn = (who) => { setCsrf(who.csrf_token); setMe(who); };
  useEffect(() => {
    whenSignedOut(() => setMe(null));
    api.get('/api/me').then(signedIn).catch(() => setMe(null));
  }, []);

  const signOut = async () => {
    try { await api.post('/api/logout'); } finally { setCsrf(''); setMe(null); location.hash = '#/athletes'; }
  };

  let body;
  if (me === undefined) body = html`<p class="muted">Loading…</p>`;
  else if (me === null) body = html`<${SignIn} onSignedIn=${() => api.get('/api/me').then(signedIn)} />`;
  else body = page(hash, me);

  return html`
    <header class="top">
      <a class="brand" href="#/athletes">OpenBFR <span>clinic</span></a>
      ${me && html`
        <nav>
          <a href="#/athletes" class=${hash.startsWith('#/athletes') ? 'here' : ''}>Athletes</a>
          <a href="#/evidence" class=${hash.startsWith('#/evidence') ? 'here' : ''}>Evidence</a>
        </nav>
        <div class="who">
          <a href="#/account" data-testid="who">${me.user.name} · ${me.clinic} · ${me.user.role}</a>
          <button class="quiet" onClick=${signOut}>Sign out</button>
        </div>`}
    </header>
    <main>${body}</main>
    <footer class="notice" role="note" data-testid="notice">${NOTICE}</footer>`;
}

render(html`<${App} />`, document.getElementById('app'));
