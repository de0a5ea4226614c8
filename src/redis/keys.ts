import type { Facet } from '../audit/query-index.js';

/**
 * Every Redis key the gateway uses, named here and nowhere else (issue 14, decision 5): one place
 * to see what is stored, to check that no key holds personal data, and to measure memory by kind
 * of key. The strings are the stored layout — changing one orphans data already in Redis.
 *
 * Lua scripts (src/redis/scripts) get their keys as KEYS from these functions; the one key a
 * script must build itself (the audit content bucket, known only once the index is) comes in as a
 * constant from `luaConstants` below.
 */

/** Under this prefix every key of the gateway lives, BullMQ's and the rate limiter's included. */
export const keyPrefix = 'vs:';

// ─── Intake ──────────────────────────────────────────────────────────────────────────────────
/** Intake. Every key holds pseudonymous data only. */
export const intakeKeys = {
  /** A partner's signal id → what was kept for it (content hash, signaalId): a repeat answers 200. */
  idempotency: (oin: string, id: string) => `${keyPrefix}idem:${oin}:${id}`,
  /** One signal's facts (hash) and, for the partner, its status. */
  signal: (signaalId: string) => `${keyPrefix}signaal:${signaalId}`,
  /**
   * Signals per municipality by arrival time whose client a DDAS delivery can name — those with a
   * case, while it keeps their contact details: the delivery pages through a period of it. An
   * erasure and the contact details' retention take a signal out; a repeat that joined no case
   * (no client details are kept for it) never comes in.
   */
  byMunicipality: (gemeentecode: string) => `${keyPrefix}signalen:${gemeentecode}`,
};

// ─── Cases ───────────────────────────────────────────────────────────────────────────────────
export const caseKeys = {
  /** One case (hash): status, claim, signals, encrypted contact blobs (`contact:<signaalId>`). */
  case: (zaakId: string) => `${keyPrefix}zaak:${zaakId}`,
  /** Pattern matching every case key (SCAN MATCH). */
  anyCase: `${keyPrefix}zaak:*`,
  /**
   * What is known about one address (by pseudonym): its open case, when its last case closed, and
   * per partner the last arrears it reported there (field `partnerAtAddress(oin)`).
   */
  address: (gemeentecode: string, adresPseudonym: string) => `${keyPrefix}adres:${gemeentecode}:${adresPseudonym}`,
  /** The cases that hold data about one person (by pseudonym), for access and erasure requests. */
  person: (gemeentecode: string, persoonPseudonym: string) => `${keyPrefix}persoon:${gemeentecode}:${persoonPseudonym}`,
  /** The address hash's field with a partner's last arrears there (cases/partner-history). */
  partnerAtAddress: (oin: string) => `p:${oin}`,
};

// ─── Outreach (the worklist: the queue of record) ────────────────────────────────────────────
export const outreachKeys = {
  /** Cases waiting to be claimed, best first (see `queueScore`). */
  open: (gemeentecode: string) => `${keyPrefix}zaken:open:${gemeentecode}`,
  /** Claimed cases by lease end, so lapsed claims are found without a scan. */
  leases: (gemeentecode: string) => `${keyPrefix}zaken:claims:${gemeentecode}`,
  /** The case one claim request got (ten minutes): a re-sent claim script answers the same. */
  claimRequest: (requestId: string) => `${keyPrefix}zaken:claimverzoek:${requestId}`,
};

// ─── Audit log ───────────────────────────────────────────────────────────────────────────────
/**
 * Content lives in buckets of 64 records (128 fields: record and salt), small enough for Redis's
 * compact listpack encoding, large enough that export reads many records per call.
 */
export const contentBucketSize = 64;

/** The content bucket keys' prefix; the bucket number follows (index / contentBucketSize). */
export const contentKeyPrefix = `${keyPrefix}audit:inhoud:`;

export const auditLogKeys = {
  /** The next record index (INCRBY in every append). */
  counter: `${keyPrefix}audit:volgend`,
  /** Appended but not yet sequenced into the Merkle tree (a stream, one entry per group). */
  pending: `${keyPrefix}audit:log`,
  /** How many records the tree holds. */
  size: `${keyPrefix}audit:grootte`,
  /** One level of the Merkle tree: 32-byte hashes side by side in one string. */
  level: (level: number) => `${keyPrefix}audit:boom:${level}`,
  /** The content bucket of one record index. */
  content: (index: number) => `${contentKeyPrefix}${Math.floor(index / contentBucketSize)}`,
  /** The newest signed checkpoint, and every checkpoint by tree size. */
  checkpoint: `${keyPrefix}audit:checkpoint`,
  checkpoints: `${keyPrefix}audit:checkpoints`,
  /**
   * When the newest checkpoint was committed (Redis's own clock, ms): a checkpoint note carries no
   * time, and the metrics give its age. Written in the same script as the checkpoint.
   */
  checkpointTime: `${keyPrefix}audit:checkpoint-tijd`,
  /** The sequencer's leader lock and its fencing token. */
  leader: `${keyPrefix}audit:leider`,
  fencing: `${keyPrefix}audit:fencing`,
};

/** The privacy officer's search indexes and per-day totals (see audit/query-index.ts). */
export const queryKeys = {
  facet: (facet: Facet, value = '') => `${keyPrefix}audit:idx:${facet}${facet === 'alle' || facet === 'tijd' ? '' : `:${value}`}`,
  totals: (scope: string, day: string) => `${keyPrefix}audit:totalen:${scope}:${day}`,
};

// ─── Team lead's figures (Sturing) ───────────────────────────────────────────────────────────
/** Counts only: no case, signal or person id in a key or a field, so nothing here leads to a person. */
export const reportingKeys = {
  /**
   * The counters of one municipality in one month (YYYY-MM in the Netherlands, of the event):
   * one hash, fields named by src/reporting/fields.ts, each raised by the script that makes the
   * event happen (intake, claim, contact attempt, close). A count stays when its case is erased
   * or expires: the event did happen, and a count tells nothing about whom.
   */
  month: (gemeentecode: string, maand: string) => `${keyPrefix}sturing:${gemeentecode}:${maand}`,
};

// ─── Retention ───────────────────────────────────────────────────────────────────────────────
export const retentionKeys = {
  /** Every case by the end of its pseudonymous facts' retention (provisional while open). */
  caseFactsExpiry: `${keyPrefix}bewaar:zaakfeiten`,
  /** Closed cases by the end of their contact-detail retention. */
  contactExpiry: `${keyPrefix}bewaar:contactgegevens`,
  /** Signals that joined no case, by the end of their retention. */
  signalExpiry: `${keyPrefix}bewaar:signalen`,
  /** When the sweeper last ran. */
  lastSweep: `${keyPrefix}bewaar:laatste-veger`,
  /** Which period keys the sweeper destroyed (ids only). */
  destroyedKeys: `${keyPrefix}bewaar:vernietigde-sleutels`,
};

/** The key prefix of every BullMQ queue (retention now; notifications later). */
export const queuePrefix = `${keyPrefix}bull`;

// ─── Notifications (terugmelding, municipal events, deadline timers) ───────────────────────────
export const notificationKeys = {
  /**
   * The transactional outbox (a stream): one entry per change of a case, appended by the script
   * that made the change; the relay moves entries into BullMQ jobs and deletes what it moved.
   * Pseudonymous only (ids, statuses, dates, partner types).
   */
  outbox: `${keyPrefix}uitgaand`,
  /** The relay's leader lock and fencing token (like the audit sequencer's). */
  relayLeader: `${keyPrefix}uitgaand:leider`,
  relayFencing: `${keyPrefix}uitgaand:fencing`,
};

// ─── Policy ──────────────────────────────────────────────────────────────────────────────────
/** The policy bundle in force across every instance sharing this Redis (issue 17, point 1). */
export const policyKeys = {
  /**
   * The revision the last recorded reload put in force (`sha256:…`): the one reload that changes
   * it writes its audit record, so a reload sent to several instances is recorded once.
   */
  revision: `${keyPrefix}beleid:revisie`,
  /**
   * Pub/sub channel (not a key; named here with the keys): a recorded reload publishes the new
   * revision, and every other instance loads its own policies directory and follows.
   */
  reloadChannel: `${keyPrefix}beleid:herladen`,
};

// ─── Health ──────────────────────────────────────────────────────────────────────────────────
export const healthKeys = {
  /** Written by GET /readyz to prove Redis accepts writes; expires by itself within seconds. */
  writeProbe: `${keyPrefix}gereedheid`,
};

// ─── Replication ─────────────────────────────────────────────────────────────────────────────
export const replicationKeys = {
  /**
   * A pub/sub channel nobody listens to: a PUBLISH on it is the probe write before WAIT
   * (redis/replicas.ts). Nothing is stored; the primary copies the PUBLISH to its replicas.
   */
  probe: `${keyPrefix}replicatie`,
};

// ─── Werkplek (staff web) ────────────────────────────────────────────────────────────────────
/** Redis holds only a hash of a cookie value or login state: a copy of Redis is no key to a session. */
export const werkplekKeys = {
  /** A staff session, by the SHA-256 (base64url) of its cookie value. */
  session: (hashedId: string) => `${keyPrefix}werkplek:sessie:${hashedId}`,
  /** A login in progress (PKCE verifier, state, nonce), by the SHA-256 of its cookie value. */
  loginFlow: (hashedId: string) => `${keyPrefix}werkplek:inlog:${hashedId}`,
  /** The development IdP's storage (oidc-provider's adapter): one model instance. */
  idpModel: (model: string, id: string) => `${keyPrefix}werkplek:idp:${model}:${id}`,
  /** The development IdP: the instances of one grant, and lookups by uid and user code. */
  idpGrant: (grantId: string) => `${keyPrefix}werkplek:idp:grant:${grantId}`,
  idpUid: (uid: string) => `${keyPrefix}werkplek:idp:uid:${uid}`,
  idpUserCode: (code: string) => `${keyPrefix}werkplek:idp:usercode:${code}`,
};

// ─── HTTP ────────────────────────────────────────────────────────────────────────────────────
/** @fastify/rate-limit's namespace: its counters are `<namespace><route><client>`. */
export const rateLimitNamespace = `${keyPrefix}ratelimit:`;

// ─── Constants for Lua ───────────────────────────────────────────────────────────────────────
/**
 * What a Lua script may name as `{{name}}` (the loader puts the value in, quoted as Lua needs):
 * only for a key the script cannot get as KEYS because it depends on what the script computes.
 */
export const luaConstants: Record<string, string | number> = {
  auditContentPrefix: contentKeyPrefix,
  auditContentBucketSize: contentBucketSize,
};
