/**
 * What the domain tells the metrics, in its own words: no prom-client here, so the services that
 * count (intake routes, the worker service) depend on this interface only, and a gateway without
 * metrics (a CLI command, a unit under test) passes none.
 *
 * Every argument is a value from a small fixed set (a partner type, a status code, a gemeentecode):
 * never an id of a person, a case or a signal.
 */
export interface MetricsRecorder {
  /** Intake answered `status` for `count` signals of a partner of this type ('unknown' before it is known). */
  intakeOutcome(partnerType: string, status: number, count?: number): void;
  /** This instance gave `count` lapsed claims of a municipality back to its queue. */
  leaseLapsed(gemeentecode: string, count: number): void;
}
