/** Types of bewijs.js (plain JavaScript served to the browser), for the unit tests that run it in Node. */
export interface Check {
  label: string;
  /** undefined: could not be checked (content deleted at the end of its retention). */
  ok: boolean | undefined;
  detail: string;
}
export interface RecordAnswer {
  index: number;
  record: unknown;
  salt: string | null;
  leafHash: string;
}
export interface ProofAnswer {
  index: number;
  grootte: number;
  leafHash: string;
  bewijs: string[];
}
export function fromBase64(text: string): Uint8Array;
export function toBase64(bytes: Uint8Array): string;
export function jcs(value: unknown): string;
export function leafHashOf(record: unknown, saltBase64: string): Promise<Uint8Array>;
export function rootFromInclusionProof(leaf: Uint8Array, index: number, size: number, proof: Uint8Array[]): Promise<Uint8Array | undefined>;
export function parseCheckpoint(text: string): { origin: string; size: number; root: Uint8Array } | undefined;
export function verifyRecordInLog(input: {
  index: number;
  verifierKey: string;
  record: RecordAnswer;
  checkpoint: string;
  proof: (size: number) => Promise<ProofAnswer>;
}): Promise<{ verified: boolean; checks: Check[] }>;
