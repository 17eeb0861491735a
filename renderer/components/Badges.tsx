import type { IncidentStatus, Severity } from '../../shared/model/incident';

const severityTitles: Record<Severity, string> = {
  SEV1: 'SEV1: critical, customer-facing outage',
  SEV2: 'SEV2: major, significant degradation',
  SEV3: 'SEV3: minor, limited impact',
  SEV4: 'SEV4: low, no customer impact',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`sev sev--${severity.toLowerCase()}`} title={severityTitles[severity]}>
      {severity}
    </span>
  );
}

const statusLabels: Record<IncidentStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

export function isActive(status: IncidentStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

export function StatusPill({ status }: { status: IncidentStatus }) {
  return (
    <span className={`pill pill--${status}`}>
      <span className="pill__dot" aria-hidden="true" />
      {statusLabels[status]}
    </span>
  );
}

/** Alert severities are free text from each source; map the common words onto the same colour scale. */
export function alertSeverityTone(severity: string | null): 'critical' | 'warning' | 'info' | 'none' {
  const value = (severity ?? '').toLowerCase();
  if (/crit|page|sev1|sev2|error|high|emerg|fatal/.test(value)) return 'critical';
  if (/warn|sev3|medium|minor/.test(value)) return 'warning';
  if (/info|low|sev4|notice/.test(value)) return 'info';
  return 'none';
}

export function ServiceChips({ services, max = 3 }: { services: string[]; max?: number }) {
  const shown = services.slice(0, max);
  const hidden = services.slice(max);
  return (
    <span className="chips">
      {shown.map((service) => (
        <span key={service} className="chip mono">
          {service}
        </span>
      ))}
      {hidden.length > 0 && (
        <span className="chip chip--more" title={hidden.join(', ')}>
          +{hidden.length}
        </span>
      )}
    </span>
  );
}

export function Kbd({ keys }: { keys: string[] }) {
  return (
    <span className="kbd-group">
      {keys.map((key, index) => (
        <kbd key={index} className="kbd">
          {key}
        </kbd>
      ))}
    </span>
  );
}
