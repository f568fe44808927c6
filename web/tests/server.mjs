// A real `bfr serve` for the browser tests: an empty SQLite database in a temporary folder, any
// free port, over TLS with a certificate made here for 127.0.0.1 (as a clinic serves it on its
// network, issue 17); resolves once it prints its address, with the first administrator's
// password. stop() ends the server and removes the folder. The browser reaches it through a TCP relay that the test
// can stall (stallNetwork, resumeNetwork): the network between a tablet and the server drops while
// the server and its sessions run on.
import { spawn, execFileSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Relays every connection to `port`; while stalled no byte moves either way, and a connection
// the browser gives up on is dropped with whatever it had not delivered.
async function startRelay(port) {
  let stalled = false;
  const pairs = new Set();
  const relay = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => { pairs.delete(pair); client.destroy(); upstream.destroy(); };
    client.on('close', drop); upstream.on('close', drop);
    client.on('error', drop); upstream.on('error', drop);
    if (stalled) { client.pause(); upstream.pause(); }
  });
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: relay.address().port,
    stall: () => { stalled = true; for (const p of pairs) { p.client.pause(); p.upstream.pause(); } },
    resume: () => { stalled = false; for (const p of pairs) { p.client.resume(); p.upstream.resume(); } },
    close: () => { for (const p of pairs) { p.client.destroy(); p.upstream.destroy(); } relay.close(); },
  };
}

export async function startServer(bfr, webRoot) {
  const dir = mkdtempSync(join(tmpdir(), 'openbfr-browser-'));
  const db = `sqlite:${join(dir, 'clinic.sqlite')}`;
  const bfrJson = (...args) => JSON.parse(execFileSync(bfr, ['--db', db, ...args], { encoding: 'utf8' }));
  // A second clinic on the same server, made from the command line as a clinic would.
  const other = bfrJson('clinic', 'add', 'Harbour Physio', '--admin', 'lead@harbour.test', '--json');
  // A self-signed certificate for 127.0.0.1, a day long (openssl comes with ca-certificates).
  const cert = join(dir, 'server.crt'), key = join(dir, 'server.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const proc = spawn(bfr, ['--db', db, 'serve', '--port', '0', '--web-root', webRoot, '--tls-cert', cert, '--tls-key', key],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bfr serve did not start: ${out}`)), 30000);
    proc.on('exit', (code) => reject(new Error(`bfr serve exited with ${code}: ${out}`)));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const url = out.match(/on (https:\/\/[^/]+\/)/);
      const admin = out.match(/administrator (\S+) with password (\S+)/);
      if (url && admin) { clearTimeout(timer); resolve({ url: url[1], email: admin[1], password: admin[2] }); }
    });
  });
  const relay = await startRelay(Number(new URL(ready.url).port));
  return {
    ...ready, url: `https://127.0.0.1:${relay.port}/`, dir, other: { email: other.admin_email, password: other.admin_password, clinic: other.clinic_id },
    stallNetwork: relay.stall,
    // The command line on the same database, as a clinician at the server's machine would use it.
    cli: bfrJson,
    resumeNetwork: relay.resume,
    stop: () => new Promise((resolve) => {
      relay.close();
      proc.removeAllListeners('exit');
      proc.on('exit', () => { rmSync(dir, { recursive: true, force: true }); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}
