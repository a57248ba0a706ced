/**
 * One TLS handshake, the way a WebRTC client opens `turns:`: SNI set to the host, the certificate
 * checked against the system's trust anchors and the host name. No bytes are sent after it, so it
 * works on a port that speaks TURN, not HTTP.
 */
import { connect, type ConnectionOptions } from 'node:tls';

export type HandshakeResult = { validTo: string } | { error: string };

export function tlsHandshake(host: string, port: number, timeoutMs: number, trust: Pick<ConnectionOptions, 'ca'> = {}): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, servername: host, rejectUnauthorized: true, ...trust });
    const done = (result: HandshakeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ error: `no handshake within ${timeoutMs / 1000} s` }));
    socket.once('secureConnect', () => done({ validTo: socket.getPeerCertificate().valid_to }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
  });
}
