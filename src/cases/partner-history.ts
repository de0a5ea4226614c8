import type { PartnerHistory } from './combine.js';

/**
 * The last arrears a partner reported at an address (to recognise a repeat), kept as one field of
 * the address hash (`caseKeys.partnerAtAddress(oin)`), not a hash of its own: a key per partner per
 * address cost ~280 bytes per case. The signal that set it comes first, so a retention deletion
 * can match it by that part alone (delete-guarded.lua compares a value's first `|` part).
 */
export interface StoredPartnerHistory extends PartnerHistory {
  /** Whose retention this remembered state follows (see retention/case-facts). */
  signaalId: string;
}

export function encodePartnerHistory(h: StoredPartnerHistory): string {
  return [h.signaalId, h.ontstaansdatum, String(h.bedrag), h.signaaldatum].join('|');
}

export function decodePartnerHistory(value: string | undefined): StoredPartnerHistory | undefined {
  if (!value) return undefined;
  const [signaalId, ontstaansdatum, bedrag, signaaldatum] = value.split('|');
  if (!signaalId || !ontstaansdatum || !bedrag || !signaaldatum) return undefined;
  return { signaalId, ontstaansdatum, bedrag: Number(bedrag), signaaldatum };
}
