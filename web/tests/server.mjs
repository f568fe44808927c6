// A real `bfr serve` for the browser tests: an empty SQLite database in a temporary folder, any
// free port; resolves once it prints its address, with the first administrator's password. stop()
// ends the server and removes the folder.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startServer(bfr, webRoot) {
  const dir = mkdtempSync(join(tmpdir(), 'openbfr-browser-'));
  const db = `sqlite:${join(dir, 'clinic.sqlite')}`;
  const bfrJson = (...args) => JSON.parse(execFileSync(bfr, ['--db', db, ...args], { encoding: 'utf8' }));
  // A second clinic on the same server, made from the command line as a clinic would.
  const other = bfrJson('clinic', 'add', 'Harbour Physio', '--admin', 'lead@harbour.test', '--json');
  const proc = spawn(bfr, ['--db', db, 'serve', '--port', '0', '--web-root', webRoot], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bfr serve did not start: ${out}`)), 30000);
    proc.on('exit', (code) => reject(new Error(`bfr serve exited with ${code}: ${out}`)));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const url = out.match(/on (http:\/\/[^/]+\/)/);
      const admin = out.match(/administrator (\S+) with password (\S+)/);
      if (url && admin) { clearTimeout(timer); resolve({ url: url[1], email: admin[1], password: admin[2] }); }
    });
  });
  return {
    ...ready, dir, other: { email: other.admin_email, password: other.admin_password },
    stop: () => new Promise((resolve) => {
      proc.removeAllListeners('exit');
      proc.on('exit', () => { rmSync(dir, { recursive: true, force: true }); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}
