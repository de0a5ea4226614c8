import { pino, type DestinationStream, type Logger } from 'pino';

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
    options.destination,
  );
}
