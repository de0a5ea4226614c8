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
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'vroegsignaal' },
      redact: { paths: redactPaths, censor: '[verwijderd]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // Buffered and asynchronous: a synchronous write per line showed in the intake profile. The
    // buffer is flushed on exit; a kill -9 may lose its last few kilobytes of log — never audit
    // records, which live in Redis with the data they describe.
    options.destination ?? destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
