import { destination, pino, type DestinationStream, type Logger } from 'pino';

/**
 * Redaction is the second line of defence: personal data is kept out of log calls by
 * construction (we log ids, codes and field names). These paths catch a mistake before it
 * becomes a leak — bodies, credentials, and anything shaped like contact details.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["payload-signature"]',
  'req.headers.cookie',
  'body',
  '*.body',
  'persoon',
  '*.persoon',
  'adres',
  '*.adres',
  'contact',
  '*.contact',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  // Buffered and asynchronous: a synchronous write per line showed in the intake profile. The
  // buffer is flushed every second and on exit, so a quiet gateway's one error line shows at
  // once; a kill -9 may lose the last second of log — never audit records, which live in Redis
  // with the data they describe.
  let stream = options.destination;
  if (!stream) {
    const buffered = destination({ dest: 1, sync: false, minLength: 4096 });
    // With a callback: after the stream ends (shutdown) flush reports instead of throwing.
    setInterval(() => buffered.flush(() => undefined), 1000).unref();
    stream = buffered;
  }
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'vroegsignaal' },
      redact: { paths: redactPaths, censor: '[verwijderd]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
