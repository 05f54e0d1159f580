import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Logs never carry secrets or card numbers. Three layers: pino's `redact` for the known places
 * (authorization headers, the config's secrets), a key-name rule at any depth, and a scrub of
 * every string (messages, errors, stacks, fields) for card-number-like digit runs, bearer tokens
 * and passwords in URLs.
 */

const MASK = '[REDACTED]';

/** 13 to 19 digits, optionally grouped by single spaces or dashes (4242 4242 4242 4242). */
const CARD_LIKE = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi;

/** Field names whose values are secret wherever they appear. */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|password|passwd|pin|mpin|cvc|cvv|card[-_]?number|token|access[-_]?token|refresh[-_]?token|id[-_]?token|[a-z-_]*secret[a-z-_]*|payload[-_]?keys)$/i;

export function scrubText(text: string): string {
  return text.replace(CARD_LIKE, '[CARD-REDACTED]').replace(BEARER, `$1 ${MASK}`).replace(URL_PASSWORD, `$1${MASK}@`);
}

/** A copy of `value` with secret fields masked and every string scrubbed; errors become plain objects. */
export function scrubLogValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 8) return '[Object]';
  seen.add(value);
  if (value instanceof Error) return scrubLogValue(pino.stdSerializers.err(value), depth, seen);
  if (Array.isArray(value)) return value.map((item) => scrubLogValue(item, depth + 1, seen));
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = SECRET_KEY.test(key) ? MASK : scrubLogValue(field, depth + 1, seen);
  return copy;
}

/** pino paths for the known places secrets live (the key-name rule covers the rest). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'config.auth.jwtSecret',
  'config.temporal.payloadKeys',
  '*.jwtSecret',
  '*.secretKey',
  '*.webhookSecret',
  '*.clientSecret',
  '*.keySecret',
  '*.appSecret',
  '*.*.jwtSecret',
  '*.*.secretKey',
  '*.*.webhookSecret',
  '*.*.clientSecret',
  '*.*.keySecret',
  '*.*.appSecret',
];

export function loggerOptions(level: string, base: Record<string, unknown> = { service: 'paysaga' }): LoggerOptions {
  return {
    level,
    base,
    redact: { paths: REDACT_PATHS, censor: MASK },
    hooks: {
      // The message and any printf-style arguments.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>);
      },
    },
    formatters: {
      log: (object) => scrubLogValue(object) as Record<string, unknown>,
    },
    // Errors are already plain, scrubbed objects by now; serialising them again would lose their type.
    serializers: { err: (value: unknown) => (value instanceof Error ? scrubLogValue(value) : value) },
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
