import { parentPort, workerData } from 'node:worker_threads';
import { EtabBlockParser, EtabParseSetup } from './etab-rows';
import type { ParseReply, ParseRequest } from './etab-lines';

/**
 * A parse thread of the SIRENE import (`EtabLines`): blocks of StockEtablissement records in,
 * their COPY lines and counts out. It loads no commune data of its own (the reference data's
 * communes weigh some 100 MB per thread): the import sends the communes' lines with the setup.
 */
const port = parentPort;
if (port) {
  const parser = new EtabBlockParser(workerData as EtabParseSetup);
  port.on('message', (m: ParseRequest) => {
    let reply: ParseReply;
    try {
      reply = { id: m.id, block: parser.parse(m.bytes, m.header, m.final, m.block) };
    } catch (e) {
      const err = e as Error & { code?: unknown };
      reply = { id: m.id, error: { name: err.name, message: err.message, code: typeof err.code === 'string' ? err.code : undefined } };
    }
    const bytes = 'block' in reply ? reply.block.bytes : null;
    // Lines in a buffer of their own are handed over rather than copied.
    port.postMessage(reply, bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : []);
  });
}
