import type { CaseView } from '../../http/schemas/zaken.js';
import type { DeadlineBadge } from './worklist.js';

const badgeClass: Record<DeadlineBadge, string> = {
  crisis: 'utrecht-status-badge utrecht-status-badge--danger',
  'te laat': 'utrecht-status-badge utrecht-status-badge--error',
  vandaag: 'utrecht-status-badge utrecht-status-badge--warning',
};

/** The badges beside an offer deadline, as words (colour alone would tell a screen reader nothing). */
export function DeadlineBadges({ badges }: { badges: DeadlineBadge[] }) {
  return (
    <>
      {badges.map((badge) => (
        <>
          {' '}
          <span class={badgeClass[badge]}>
            {badge}
          </span>
        </>
      ))}
    </>
  );
}

/** The case's status in the worker's words: whose it is matters more than the field's value. */
export function statusLabel(view: Pick<CaseView, 'status' | 'opgepaktDoorMij'>): string {
  if (view.status === 'opgepakt') return view.opgepaktDoorMij ? 'Opgepakt door mij' : 'Opgepakt door een collega';
  if (view.status === 'afgesloten') return 'Afgesloten';
  if (view.status === 'gewist') return 'Gewist';
  return 'Open';
}
