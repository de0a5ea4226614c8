/**
 * The export a verifier reads (`vroegsignaal audit export` / `audit verify`), plain files so
 * anyone can check them with their own tools:
 *   sleutel.txt         the checkpoint verifier key (note format)
 *   checkpoints/<n>.note every published checkpoint, by tree size
 *   leaves.bin          the RFC 9162 leaf hash of every index, 32 bytes each, in order
 *   records.jsonl       one line per exported index: {index, record, salt} or {index, verwijderd}
 *   export.json         size, and whether every record was exported or only a time range
 */
export const exportFiles = {
  manifest: 'export.json',
  key: 'sleutel.txt',
  checkpointsDir: 'checkpoints',
  leaves: 'leaves.bin',
  records: 'records.jsonl',
};

export interface ExportedRecord {
  index: number;
  record?: Record<string, unknown>;
  salt?: string;
  /** Content and salt deleted at retention end: the leaf stays, the proof still holds. */
  verwijderd?: string;
}

export interface ExportManifest {
  grootte: number;
  volledig: boolean;
  van: string | null;
  tot: string | null;
}
