/**
 * A case's two retention ends, as its hash keeps them. The contact details' end is stored only
 * where it differs from the facts' end: an open case's are always equal (both provisional, moved
 * by every signal), so most cases keep one date, not two. Every reader goes through here.
 */
export type CaseHash = Record<string, string | undefined>;

/** When the case's contact details go: their own end, else the facts' end. */
export function contactRetentionEnd(h: CaseHash): string | undefined {
  return h.contactBewaarTot ?? h.zaakfeitenBewaarTot;
}

/** The hash fields for both ends: the contact end only when it differs from the facts' end. */
export function retentionEndFields(zaakfeitenBewaarTot: string, contactBewaarTot: string): Record<string, string> {
  return contactBewaarTot === zaakfeitenBewaarTot ? { zaakfeitenBewaarTot } : { zaakfeitenBewaarTot, contactBewaarTot };
}

/**
 * What a deletion of contact details must still find at commit, as guards (field, value, '' =
 * absent): the end it read — from its own field, or from the facts' end while it had none.
 */
export function contactEndGuards(key: string, h: CaseHash): Array<{ key: string; field: string; expected: string }> {
  if (h.contactBewaarTot !== undefined) return [{ key, field: 'contactBewaarTot', expected: h.contactBewaarTot }];
  return [{ key, field: 'contactBewaarTot', expected: '' }, { key, field: 'zaakfeitenBewaarTot', expected: h.zaakfeitenBewaarTot ?? '' }];
}
