/**
 * A real SMTP server (smtp-server) in the test process on a free loopback port. It records every
 * message it accepts, parsed with mailparser. How it answers DATA is set per test: accept, refuse
 * with an SMTP reply (4xx temporary, 5xx permanent), or hold the reply until the test releases it
 * (to stop a sender after it sent the message and before the server accepted it). The HTML keeps
 * its `cid:` links, so a test can check that each resolves to a part of the message.
 * Close it in an after/afterEach hook.
 */
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
}

/** What the server answers to a message's DATA: accept, an SMTP error reply, or hold. */
export type DataReply = 'accept' | 'hold' | { readonly code: number; readonly message: string };

export interface TestSmtp {
  readonly host: string;
  readonly port: number;
  /** Messages accepted (replied 250 to), in order. */
  readonly accepted: ReceivedMail[];
  /** Every DATA the server received, whatever it answered. */
  readonly received: number;
  /** Sets the reply to the next messages. */
  reply(r: DataReply): void;
  /** Resolves when `n` messages have been accepted. */
  waitForAccepted(n: number): Promise<void>;
  /** Resolves when a message is being held (DATA received, no reply yet). */
  waitForHeld(): Promise<void>;
  /** Answers every held message now, with 421 (a temporary failure the sender retries). */
  release(): void;
  close(): Promise<void>;
}

/** A loopback port that was free a moment ago (for a server that must start later, "down then up"). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startSmtp(options: { port?: number; reply?: DataReply } = {}): Promise<TestSmtp> {
  let mode: DataReply = options.reply ?? 'accept';
  const accepted: ReceivedMail[] = [];
  let received = 0;
  const waiters = new Set<() => void>();
  const held: (() => void)[] = [];
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received++;
        const raw = Buffer.concat(chunks);
        const reply = mode;
        if (reply === 'hold') {
          // Never answered: the sender waits until it is stopped or the server closes.
          held.push(() => callback(Object.assign(new Error('closing'), { responseCode: 421 })));
          notify();
          return;
        }
        if (reply !== 'accept') {
          callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          notify();
          return;
        }
        simpleParser(raw, { keepCidLinks: true }).then(
          (parsed) => {
            const to = (session.envelope.rcptTo ?? []).map((r) => r.address);
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            accepted.push({ envelope: { from, to }, raw, parsed });
            callback();
            notify();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      if (done()) return resolve();
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  return {
    host: '127.0.0.1',
    port,
    accepted,
    get received() {
      return received;
    },
    reply: (r) => {
      mode = r;
    },
    waitForAccepted: (n) => until(() => accepted.length >= n),
    waitForHeld: () => until(() => held.length > 0),
    release: () => {
      for (const answer of held.splice(0)) answer();
    },
    close: async () => {
      for (const release of held.splice(0)) release();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
