import { ConfigError } from '../config/ledger-config';
import { ReportingOrg } from './exporting/iati-activities';

export const IATI_REPORTING_ORG = Symbol('IATI_REPORTING_ORG');

/** An IATI organisation identifier: registration agency prefix and number, e.g. `XM-DAC-41301`. */
const IDENTIFIER = /^[A-Za-z0-9]+(?:-[A-Za-z0-9._]+)+$/;

/**
 * Who the exported file says reports it. Set LEDGER_IATI_REPORTING_ORG_REF to the operator's registered IATI
 * organisation identifier; the default `XX-PARTNERSHIP-LEDGER` says plainly that none was configured.
 */
export function reportingOrgFrom(env: NodeJS.ProcessEnv = process.env): ReportingOrg {
  const ref = env.LEDGER_IATI_REPORTING_ORG_REF ?? 'XX-PARTNERSHIP-LEDGER';
  if (!IDENTIFIER.test(ref) || ref.length > 100) {
    throw new ConfigError(`LEDGER_IATI_REPORTING_ORG_REF must be an IATI organisation identifier like XM-DAC-41301, not "${ref}"`);
  }
  const name = env.LEDGER_IATI_REPORTING_ORG_NAME ?? 'Partnership Ledger';
  if (name.trim() === '' || name.length > 300) throw new ConfigError('LEDGER_IATI_REPORTING_ORG_NAME must be non-blank text of at most 300 characters');
  const type = env.LEDGER_IATI_REPORTING_ORG_TYPE ?? '90';
  if (!/^\d{2}$/.test(type)) throw new ConfigError(`LEDGER_IATI_REPORTING_ORG_TYPE must be an IATI OrganisationType code (two digits), not "${type}"`);
  return { ref, name, type };
}
