/** The TURN-over-TLS smoke check's handshake, against a local TLS server with certificates made by openssl. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsHandshake } from '../../scripts/operate/cloud/tls-handshake.js';

const openssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!openssl)('tlsHandshake', () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-tls-'));
  const file = (name: string) => join(dir, name);
  let server: Server;
  let port: number;
  /** A CA, and a certificate it signs for `localhost`, valid 30 days (a name that resolves here). */
  beforeAll(async () => {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=socle test CA');
    run('req', ...ec, '-keyout', 'edge.key', '-out', 'edge.csr', '-subj', '/CN=localhost');
    writeFileSync(file('san.ext'), 'subjectAltName=DNS:localhost\n');
    run('x509', '-req', '-in', 'edge.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'edge.crt', '-days', '30', '-extfile', 'san.ext');
    server = createServer({ key: readFileSync(file('edge.key')), cert: readFileSync(file('edge.crt')) }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('completes with a certificate a trusted CA signed for the name asked, and gives its end date', async () => {
    expect(await tlsHandshake('localhost', port, 5_000, { ca: readFileSync(file('ca.crt')) })).toEqual({ validTo: expect.stringMatching(/ GMT$/) });
  });

  it('refuses a certificate no trusted CA signed (only the system trust store)', async () => {
    expect(await tlsHandshake('localhost', port, 5_000)).toEqual({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('refuses a trusted certificate for another name than the one asked', async () => {
    expect(await tlsHandshake('127.0.0.1', port, 5_000, { ca: readFileSync(file('ca.crt')) })).toEqual({ error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('says when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await tlsHandshake('127.0.0.1', free, 5_000)).toEqual({ error: 'ECONNREFUSED' });
  });
});
