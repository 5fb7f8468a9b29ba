import type { IncomingMessage } from 'node:http';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/** What the client advertises (as axios did when it carried the requests: vendors see no change). */
export const ACCEPT_ENCODING = 'gzip, compress, deflate, br';

const ZLIB_OPTIONS = {
  flush: zlib.constants.Z_SYNC_FLUSH,
  finishFlush: zlib.constants.Z_SYNC_FLUSH,
};
const BROTLI_OPTIONS = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/**
 * The response body decoded as its Content-Encoding says (gzip, compress, deflate, br), with that
 * header removed so nothing downstream decodes it twice; any other encoding is left as sent. A
 * HEAD or 204 answer has no body to decode. (The same decoding axios applied.)
 */
export function decodedBody(res: IncomingMessage, method: string): Readable {
  const encoding = res.headers['content-encoding'];
  if (encoding === undefined) return res;
  if (method === 'HEAD' || res.statusCode === 204) {
    delete res.headers['content-encoding'];
    return res;
  }
  let decoders: Transform[];
  switch (encoding.toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
    case 'compress':
    case 'x-compress':
      decoders = [zlib.createUnzip(ZLIB_OPTIONS)];
      break;
    case 'deflate':
      decoders = [new ZlibHeader(), zlib.createUnzip(ZLIB_OPTIONS)];
      break;
    case 'br':
      decoders = [zlib.createBrotliDecompress(BROTLI_OPTIONS)];
      break;
    default:
      return res;
  }
  delete res.headers['content-encoding'];
  return pipeline([res, ...decoders], () => undefined) as unknown as Readable;
}

/** "deflate" sent raw (without the zlib header many servers omit): the header is added. */
class ZlibHeader extends Transform {
  private seen = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.seen && chunk.length > 0) {
      this.seen = true;
      if (chunk[0] !== 0x78) this.push(Buffer.from([0x78, 0x9c]));
    }
    callback(null, chunk);
  }
}
