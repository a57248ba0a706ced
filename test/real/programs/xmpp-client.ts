/**
 * The few XMPP client steps the Prosody suite needs, as raw XML over one TCP connection to
 * 127.0.0.1 (RFC 6120 stream, SASL and resource binding; XEP-0045 join and affiliation change;
 * XEP-0030 disco#info). Stanzas are matched in the server's output by the id or the address the
 * request carries: enough for a test that sends one request at a time.
 */
import { connect, type Socket } from 'node:net';

const STREAM_TIMEOUT_MS = 10_000;

export interface XmppSession {
  /** The full JID the server bound. */
  jid: string;
  /** Sends a stanza and returns the first top-level stanza of the reply that `match` accepts. */
  request(stanza: string, match: RegExp): Promise<string>;
  close(): void;
}

export type SaslCredentials = { mechanism: 'ANONYMOUS' } | { mechanism: 'PLAIN'; user: string; password: string };

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function streamReader(socket: Socket) {
  let buffer = '';
  let waiting: { pattern: RegExp; resolve: (m: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  const check = () => {
    if (!waiting) return;
    const found = waiting.pattern.exec(buffer);
    if (!found) return;
    buffer = buffer.slice(found.index + found[0].length);
    clearTimeout(waiting.timer);
    const { resolve } = waiting;
    waiting = undefined;
    resolve(found[0]);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    check();
  });
  socket.on('close', () => waiting?.reject(new Error(`stream closed while waiting for ${waiting.pattern}; got: ${buffer}`)));
  return (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting = undefined;
        reject(new Error(`no ${pattern} from the server within ${STREAM_TIMEOUT_MS} ms; got: ${buffer}`));
      }, STREAM_TIMEOUT_MS);
      waiting = { pattern, resolve, reject, timer };
      check();
    });
}

const openStream = (domain: string) =>
  `<?xml version='1.0'?><stream:stream to='${escapeXml(domain)}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;

/** A top-level stanza of this name whose start tag matches `attributes` (a regex source). */
export const stanzaPattern = (name: 'iq' | 'presence' | 'message', attributes: string) =>
  new RegExp(`<${name}\\b(?=[^>]*${attributes})[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`);

/** Connects to the c2s port, authenticates on `domain` and binds a resource. */
export async function xmppSession(port: number, domain: string, credentials: SaslCredentials): Promise<XmppSession> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const next = streamReader(socket);
  socket.write(openStream(domain));
  await next(/<\/stream:features>/);
  const initial = credentials.mechanism === 'PLAIN' ? Buffer.from(`\0${credentials.user}\0${credentials.password}`).toString('base64') : '=';
  socket.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='${credentials.mechanism}'>${initial}</auth>`);
  const outcome = await next(/<success\b[^>]*?(?:\/>|>[\s\S]*?<\/success>)|<failure\b[\s\S]*?<\/failure>/);
  if (outcome.startsWith('<failure')) {
    socket.destroy();
    throw new SaslFailure(outcome);
  }
  socket.write(openStream(domain));
  await next(/<\/stream:features>/);
  socket.write("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
  const bound = await next(stanzaPattern('iq', `id=['"]bind['"]`));
  const jid = /<jid>([^<]+)<\/jid>/.exec(bound)?.[1];
  if (!jid) throw new Error(`no JID bound: ${bound}`);
  return {
    jid,
    request(stanza, match) {
      socket.write(stanza);
      return next(match);
    },
    close: () => socket.end('</stream:stream>'),
  };
}

export class SaslFailure extends Error {
  constructor(readonly reply: string) {
    super(`SASL failed: ${reply}`);
  }
}

/** XEP-0045 §7.2: joins `room` as `nick`; resolves to the self-presence (status 110) or the error presence. */
export function joinRoom(session: XmppSession, room: string, nick: string): Promise<string> {
  const to = escapeXml(`${room}/${nick}`);
  return session.request(
    `<presence to='${to}'><x xmlns='http://jabber.org/protocol/muc'/></presence>`,
    new RegExp(`${stanzaPattern('presence', `from=['"]${to.replace(/[.]/g, '\\.')}['"]`).source}`),
  );
}

/** The affiliation and role in a MUC presence (muc#user item). */
export function mucItem(presence: string): { affiliation?: string; role?: string; error?: string } {
  const error = /<error\b[\s\S]*?<([a-z-]+) xmlns=['"]urn:ietf:params:xml:ns:xmpp-stanzas['"]/.exec(presence)?.[1];
  if (error) return { error };
  const item = /<item\b([^>]*)/.exec(presence)?.[1] ?? '';
  return { affiliation: /affiliation=['"]([^'"]+)/.exec(item)?.[1], role: /role=['"]([^'"]+)/.exec(item)?.[1] };
}

/** XEP-0030 disco#info of a room: its features (muc_membersonly, muc_open…). */
export async function roomFeatures(session: XmppSession, room: string, id: string): Promise<string[]> {
  const reply = await session.request(
    `<iq type='get' id='${id}' to='${escapeXml(room)}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
    stanzaPattern('iq', `id=['"]${id}['"]`),
  );
  return [...reply.matchAll(/<feature var=['"]([^'"]+)['"]/g)].map((m) => m[1]!).filter((f) => f.startsWith('muc_'));
}

/** XEP-0045 §9.1: an owner or admin sets a bare JID's affiliation (outcast = banned). */
export async function setAffiliation(session: XmppSession, room: string, jid: string, affiliation: string, id: string): Promise<string> {
  const reply = await session.request(
    `<iq type='set' id='${id}' to='${escapeXml(room)}'><query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='${affiliation}' jid='${escapeXml(jid)}'/></query></iq>`,
    stanzaPattern('iq', `id=['"]${id}['"]`),
  );
  return /type=['"]([^'"]+)/.exec(reply)?.[1] ?? 'none';
}
