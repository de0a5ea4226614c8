import type { FoundRecord } from '../../audit/query.js';
import { DataItem, DataList } from '../layout/data-list.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';
import { summarise } from './record-summary.js';

export interface RecordPageProps {
  frame: PageFrame;
  answer: { index: number; record: Record<string, unknown> | null; salt: string | null; leafHash: string };
  activityNames: ReadonlyMap<string, string>;
  /** The checkpoint verifier key (`<name>+<hash>+<key>`), shown and handed to the proof check. */
  verifierKey: string;
}

/**
 * One audit record, and "Bewijs controleren": with JavaScript the browser checks the proof itself
 * (bewijs.js, served as a file: the CSP allows no inline script); without, the button opens the
 * proof data to check elsewhere.
 */
export function RecordPage({ frame, answer, activityNames, verifierKey }: RecordPageProps) {
  const found: FoundRecord = { index: answer.index, record: answer.record };
  const s = summarise(found);
  const base = `/auditlog/records/${answer.index}`;
  const module = frame.modules['bewijs.js'];
  return (
    <PageLayout title={`Record ${answer.index}`} currentPath="/auditlog" scripts={module ? [module] : []} {...frame}>
      <p class="utrecht-paragraph">
        <a class="utrecht-link utrecht-link--html-a" href="/auditlog">
          Terug naar het auditlog
        </a>
      </p>
      <h1 class="utrecht-heading-1" safe>
        {`Record ${answer.index}`}
      </h1>
      <DataList>
        <DataItem term="Tijd" value={s.tijd} />
        <DataItem term="Soort" value={s.soort} />
        <DataItem term="Wat" value={s.wat} />
        <DataItem term="Verwerkingsactiviteit" value={s.activiteit ? (activityNames.get(s.activiteit) ?? s.activiteit) : '—'} />
        <DataItem term="Uitkomst" value={s.uitkomst} />
        <DataItem term="Gemeente" value={s.gemeente} />
        <DataItem term="Zaak" value={s.zaak ?? '—'} />
        <DataItem term="Bladhash" value={answer.leafHash} />
      </DataList>

      <section aria-labelledby="bewijs-kop">
        <h2 class="utrecht-heading-2" id="bewijs-kop">
          Staat dit record in het log?
        </h2>
        <p class="utrecht-paragraph">
          Uw browser haalt het inclusiebewijs en het laatste ondertekende checkpoint op en rekent zelf na dat dit record erin staat. Het checkpoint
          moet ondertekend zijn met deze sleutel:
        </p>
        <p class="utrecht-paragraph">
          <code class="utrecht-code werkplek-break" safe>
            {verifierKey}
          </code>
        </p>
        <form
          method="get"
          action={`${base}/controle`}
          data-bewijs=""
          data-uitkomst="bewijs-uitkomst"
          data-index={String(answer.index)}
          data-sleutel={verifierKey}
          data-record-url={`${base}/record`}
          data-bewijs-url={`${base}/bewijs`}
          data-checkpoint-url="/auditlog/checkpoint"
        >
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            Bewijs controleren
          </button>
        </form>
        <div id="bewijs-uitkomst" class="werkplek-proof-outcome" aria-live="polite"></div>
      </section>

      <section aria-labelledby="inhoud-kop">
        <h2 class="utrecht-heading-2" id="inhoud-kop">
          Volledige inhoud
        </h2>
        {answer.record ? (
          <pre class="utrecht-code-block werkplek-json" safe>
            {JSON.stringify(answer.record, null, 2)}
          </pre>
        ) : (
          <p class="utrecht-paragraph">De inhoud is aan het eind van de bewaartermijn verwijderd. De bladhash blijft, zodat bewijzen geldig blijven.</p>
        )}
      </section>
    </PageLayout>
  );
}
