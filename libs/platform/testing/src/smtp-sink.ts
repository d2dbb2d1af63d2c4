import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Number of DATA transfers begun (a message counts in `messages` only once fully received). */
  started: () => number;
  waitFor: (count: number, timeoutMs?: number) => Promise<ParsedMail[]>;
  close: () => Promise<void>;
}

/**
 * A real SMTP server in the test process. `holdFirst` keeps the first message's transfer
 * open (never accepted) so that a test can kill the sender mid-send.
 */
export async function startSmtpSink(options: { holdFirst?: boolean } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  let started = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      started += 1;
      if (options.holdFirst && started === 1) {
        stream.resume(); // swallow, never answer: the sender is stuck in the middle of the job
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch((e: unknown) => callback(e as Error));
    },
  });
  // A sender killed mid-transfer (the SIGKILL test) resets its connection: expected, not a failure.
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') throw e;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    started: () => started,
    waitFor: (count, timeoutMs = 15_000) => waitUntil(() => (messages.length >= count ? messages : undefined), timeoutMs, `${count} email(s), got ${messages.length}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `probe` returns a value (not undefined/false), or fails after the timeout. */
export async function waitUntil<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
