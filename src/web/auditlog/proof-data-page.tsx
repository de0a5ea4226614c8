import { DataItem, DataList } from '../layout/data-list.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';

export interface ProofDataPageProps {
  frame: PageFrame;
  index: number;
  checkpoint: string;
  proof: { index: number; grootte: number; leafHash: string; bewijs: string[] };
  verifierKey: string;
}

/**
 * "Bewijs controleren" without JavaScript: the browser cannot check, so the page gives the data to
 * check with an independent tool (`vroegsignaal audit verify`, Go's sumdb/tlog, …) and says so.
 */
export function ProofDataPage({ frame, index, checkpoint, proof, verifierKey }: ProofDataPageProps) {
  return (
    <PageLayout title={`Bewijs van record ${index}`} currentPath="/auditlog" {...frame}>
      <p class="utrecht-paragraph">
        <a class="utrecht-link utrecht-link--html-a" href={`/auditlog/records/${index}`} safe>
          {`Terug naar record ${index}`}
        </a>
      </p>
      <h1 class="utrecht-heading-1" safe>
        {`Bewijs van record ${index}`}
      </h1>
      <div class="utrecht-alert utrecht-alert--info">
        <p class="utrecht-paragraph">
          Uw browser voert geen JavaScript uit en kan het bewijs dus niet zelf narekenen. Hieronder staan de gegevens. Controleer ze met een
          onafhankelijk programma, zoals <code class="utrecht-code">vroegsignaal audit verify</code>: de handtekening onder het checkpoint met de
          verificatiesleutel, en het inclusiebewijs (RFC 9162) van de bladhash naar de boomwortel in het checkpoint.
        </p>
      </div>
      <DataList>
        <DataItem term="Verificatiesleutel" value={verifierKey} />
        <DataItem term="Bladhash" value={proof.leafHash} />
        <DataItem term="Positie" value={`record ${proof.index} van ${proof.grootte}`} />
      </DataList>
      <h2 class="utrecht-heading-2">Ondertekend checkpoint</h2>
      <pre class="utrecht-code-block werkplek-json" safe>
        {checkpoint}
      </pre>
      <h2 class="utrecht-heading-2">Inclusiebewijs</h2>
      {proof.bewijs.length === 0 ? (
        <p class="utrecht-paragraph">Leeg: het log heeft één record, de bladhash is de boomwortel.</p>
      ) : (
        <ol class="utrecht-ordered-list">
          {proof.bewijs.map((hash) => (
            <li class="utrecht-ordered-list__item werkplek-break" safe>
              {hash}
            </li>
          ))}
        </ol>
      )}
    </PageLayout>
  );
}
