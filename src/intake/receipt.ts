/** The receipt a partner keeps as proof of delivery (CONTRACT §1). Field order is fixed. */
export interface Receipt {
  signaalId: string;
  id: string;
  ontvangen: string;
  digest: string;
  gemeentecode: string;
  auditlog: { index: number; leafHash: string };
}

/** Fields of the signal hash in Redis that the receipt is rebuilt from on an idempotent repeat. */
export function receiptFromSignalHash(h: Record<string, string>): Receipt | undefined {
  if (!h.signaalId || !h.id || !h.ontvangen || !h.digest || !h.gemeentecode || h.auditIndex === undefined || !h.auditLeafHash) {
    return undefined;
  }
  return {
    signaalId: h.signaalId,
    id: h.id,
    ontvangen: h.ontvangen,
    digest: h.digest,
    gemeentecode: h.gemeentecode,
    auditlog: { index: Number(h.auditIndex), leafHash: h.auditLeafHash },
  };
}
