/** How the worker's pages write amounts and dates: Dutch, as people read them. */

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const calendarDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' });

/** € 1.250 */
export const formatEuro = (amount: number): string => euro.format(amount);

/** A calendar date (YYYY-MM-DD) as "1 september 2026". */
export const formatDate = (date: string): string => calendarDate.format(new Date(`${date}T00:00:00Z`));

/** An instant (ISO) as "22 november 2026 om 10:30", Dutch time. */
export const formatMoment = (iso: string): string => moment.format(new Date(iso));
