// `npm run bench`: measurements, not tests. Nothing here fails on a number; it reports.
import { cpus } from 'node:os';
import { benchAuditVerify } from './audit-verify.js';

const audit = await benchAuditVerify();
console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}; node ${process.version}`);
console.log(`audit verify: ${audit.records.toLocaleString('nl-NL')} records in ${audit.seconds.toFixed(1)} s (${Math.round(audit.records / audit.seconds).toLocaleString('nl-NL')} records/s), piek-RSS ${audit.peakRssMb} MB`);
