import { IdentityFields } from '../forms/identity-fields.js';
import type { IdentityField, IdentityForm } from '../forms/identity.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';

/** The access request form (AVG art. 15): identity in a POST body, never in a URL. */
export function RequestPage({ frame, values, errors }: { frame: PageFrame; values?: IdentityForm; errors?: Partial<Record<IdentityField, string>> }) {
  return (
    <PageLayout title="Inzageverzoek" currentPath="/inzageverzoek" {...frame}>
      <h1 class="utrecht-heading-1">Inzageverzoek</h1>
      <p class="utrecht-paragraph">
        Een inwoner mag weten welke gegevens de gemeente over hem of haar heeft en wat ermee is gedaan (AVG artikel 15). Vul de gegevens van de
        inwoner in zoals die op het verzoek staan. U krijgt een antwoord dat u kunt afdrukken of downloaden. Het verzoek zelf komt in het auditlog.
      </p>
      {errors && Object.keys(errors).length > 0 ? (
        <div class="utrecht-alert utrecht-alert--error" role="alert">
          <p class="utrecht-paragraph">Het formulier is niet goed ingevuld. Kijk bij de velden hieronder wat er mist.</p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action="/inzageverzoek" class="werkplek-form" autocomplete="off">
        <input type="hidden" name="_csrf" value={frame.session?.csrfToken ?? ''} />
        <IdentityFields idPrefix="inzage" values={values} errors={errors} />
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          Inzageverzoek beantwoorden
        </button>
      </form>
    </PageLayout>
  );
}
