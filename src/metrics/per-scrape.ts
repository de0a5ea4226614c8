/**
 * One read shared by every gauge of a scrape: prom-client asks each metric's collect() in turn,
 * all before the first read can finish, so they share the read in flight; once it settles the next
 * scrape reads afresh. Nothing is cached between scrapes: a gauge never shows an old value.
 */
export function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    if (!inFlight) {
      const current = read().finally(() => {
        if (inFlight === current) inFlight = undefined;
      });
      inFlight = current;
    }
    return inFlight;
  };
}

/** A read that gives up after `ms`: a scrape must answer while Redis does not. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
