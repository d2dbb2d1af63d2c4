import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '@filiere/platform/config';
import { httpLoggerOptions } from './logging.module';

/** A server whose requests go through the API's request logger, the lines it writes kept as objects. */
async function serve(logLevel: AppConfig['logLevel']): Promise<{ server: Server; port: number; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pinoHttp({ ...httpLoggerOptions({ logLevel }), stream });
  const server = createServer((req, res) => {
    logger(req, res);
    req.log.warn({ step: 'handler' }, 'from the handler');
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, lines };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('request logging', () => {
  it('at info: one line per finished request with its request id, none for the health check, handler lines carry the id', async () => {
    const { server, port, lines } = await serve('info');
    try {
      await get(port, '/api/cohorts', { 'x-request-id': 'req-abc-123', authorization: 'Bearer secret-token' });
      await get(port, '/missing');
      await get(port, '/api/health');
      await settle();
      const finished = lines.filter((l) => l.msg === 'request completed');
      expect(finished).toHaveLength(2);
      expect(finished[0]).toMatchObject({ level: 30, requestId: 'req-abc-123', req: { id: 'req-abc-123', method: 'GET', url: '/api/cohorts' }, res: { statusCode: 200 } });
      expect(finished[1]).toMatchObject({ level: 30, req: { url: '/missing' }, res: { statusCode: 404 } });
      expect(typeof finished[1]?.requestId).toBe('string');
      const handler = lines.filter((l) => l.step === 'handler');
      expect(handler).toHaveLength(3);
      expect(handler[0]).toMatchObject({ requestId: 'req-abc-123', req: { id: 'req-abc-123' } });
      expect(JSON.stringify(lines)).not.toContain('secret-token');
    } finally {
      server.close();
    }
  });

  it('above info: no request line, while warnings of the request are still written with its id', async () => {
    const { server, port, lines } = await serve('warn');
    try {
      await get(port, '/api/cohorts', { 'x-request-id': 'req-def-456' });
      await settle();
      expect(lines.filter((l) => l.msg === 'request completed')).toHaveLength(0);
      expect(lines).toEqual([expect.objectContaining({ level: 40, step: 'handler', requestId: 'req-def-456' })]);
    } finally {
      server.close();
    }
  });

  it('silent: nothing at all', async () => {
    const { server, port, lines } = await serve('silent');
    try {
      await get(port, '/api/cohorts');
      await settle();
      expect(lines).toEqual([]);
    } finally {
      server.close();
    }
  });
});
