import type { Context } from 'koa';
import { HttpProblem } from './problem.js';

/** Reads the raw request body, refusing more than `limit` bytes before buffering them. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw new HttpProblem(413, 'request.too_large', 'Payload Too Large', `the body may be at most ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new HttpProblem(413, 'request.too_large', 'Payload Too Large', `the body may be at most ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; anything but `application/json` is a 415, malformed JSON a 400. */
export async function readJsonBody(ctx: Context, limit = 64 * 1024): Promise<unknown> {
  if (!ctx.is('application/json')) {
    throw new HttpProblem(415, 'request.unsupported_media_type', 'Unsupported Media Type', 'send the body as application/json');
  }
  // An earlier middleware (idempotency) may have read the body already.
  const raw = (ctx.state['rawBody'] as Buffer | undefined) ?? (await readRawBody(ctx, limit));
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpProblem(400, 'request.malformed_json', 'Bad Request', 'the body is not valid JSON');
  }
}
