import { contactsoorten, dagdelen } from '../../cases/ddas.js';
import { eindresultaten } from '../../policy/bundle-schema.js';
import { CsrfField, ErrorSummary, FieldErrorMessage, hasError, RadioGroup } from './form-parts.js';
import { fieldId, type FieldError } from './forms.js';

/** What a form shows after a refused post: the errors and what the person entered. */
export interface FormState {
  errors: FieldError[];
  entered: Record<string, string>;
}

const none: FormState = { errors: [], entered: {} };

/** "Toon contactgegevens": a POST, so the viewing is recorded before anything is shown. */
export function RevealForm({ zaakId, csrf }: { zaakId: string; csrf: string }) {
  return (
    <form method="post" action={`/zaken/${zaakId}/contactgegevens`}>
      <CsrfField token={csrf} />
      <button type="submit" class="utrecht-button utrecht-button--primary-action">
        Toon contactgegevens
      </button>
      <p class="utrecht-paragraph utrecht-paragraph--small">Elke keer dat u de contactgegevens bekijkt, wordt vastgelegd in het auditlog.</p>
    </form>
  );
}

/** "Contactpoging vastleggen" (DDAS: soort, bereikt, datum, dagdeel). */
export function AttemptForm({ zaakId, csrf, today, state = none }: { zaakId: string; csrf: string; today: string; state?: FormState }) {
  const form = 'contactpoging';
  const { errors, entered } = state;
  const dateInvalid = hasError(errors, 'datum');
  const dateId = fieldId(form, 'datum');
  return (
    <section aria-labelledby="contactpoging-kop">
      <h2 class="utrecht-heading-2" id="contactpoging-kop">
        Contactpoging vastleggen
      </h2>
      <ErrorSummary form={form} errors={errors} />
      <form method="post" action={`/zaken/${zaakId}/contactpogingen`} aria-labelledby="contactpoging-kop" novalidate>
        <CsrfField token={csrf} />
        <RadioGroup form={form} name="soort" legend="Hoe zocht u contact?" options={contactsoorten} checked={entered.soort ?? ''} errors={errors} />
        <div class="utrecht-form-field utrecht-form-field--checkbox">
          <p class="utrecht-form-field__label utrecht-form-field__label--checkbox">
            <label class="utrecht-form-label utrecht-form-label--checkbox">
              <input
                type="checkbox"
                class="utrecht-checkbox utrecht-checkbox--html-input utrecht-form-field__input"
                name="bereikt"
                value="ja"
                id={fieldId(form, 'bereikt')}
                checked={entered.bereikt === 'ja'}
              />{' '}
              Ik heb de inwoner bereikt
            </label>
          </p>
        </div>
        <div class={`utrecht-form-field utrecht-form-field--text${dateInvalid ? ' utrecht-form-field--invalid' : ''}`}>
          <p class="utrecht-form-field__label">
            <label class="utrecht-form-label" for={dateId}>
              Datum van de poging
            </label>
          </p>
          <FieldErrorMessage form={form} field="datum" errors={errors} />
          <p class="utrecht-form-field__input">
            <input
              type="date"
              class={`utrecht-textbox utrecht-textbox--html-input${dateInvalid ? ' utrecht-textbox--invalid' : ''}`}
              id={dateId}
              name="datum"
              value={entered.datum ?? today}
              aria-invalid={dateInvalid ? 'true' : undefined}
              aria-describedby={dateInvalid ? `${dateId}-fout` : undefined}
            />
          </p>
        </div>
        <RadioGroup form={form} name="dagdeel" legend="Dagdeel" options={dagdelen} checked={entered.dagdeel ?? ''} errors={errors} />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
          Contactpoging vastleggen
        </button>
      </form>
    </section>
  );
}

/** "Zaak afsluiten" with a DDAS end result, and what the partner will (not) learn of it. */
export function CloseForm({ zaakId, csrf, state = none }: { zaakId: string; csrf: string; state?: FormState }) {
  const form = 'afsluiten';
  return (
    <section aria-labelledby="afsluiten-kop">
      <h2 class="utrecht-heading-2" id="afsluiten-kop">
        Zaak afsluiten
      </h2>
      <div class="utrecht-alert utrecht-alert--warning">
        <p class="utrecht-paragraph">
          De signaalpartner krijgt het eindresultaat niet te zien. Volgens de afspraken van DDAS hoort de partner alleen of het signaal is opgepakt of niet.
          Na het afsluiten kunt u de zaak niet meer wijzigen.
        </p>
      </div>
      <ErrorSummary form={form} errors={state.errors} />
      <form method="post" action={`/zaken/${zaakId}/afsluiten`} aria-labelledby="afsluiten-kop" novalidate>
        <CsrfField token={csrf} />
        <RadioGroup form={form} name="eindresultaat" legend="Eindresultaat" options={eindresultaten} checked={state.entered.eindresultaat ?? ''} errors={state.errors} />
        <button type="submit" class="utrecht-button utrecht-button--primary-action">
          Zaak afsluiten
        </button>
      </form>
    </section>
  );
}

/** "Zaak vrijgeven": back to the queue for a colleague. */
export function ReleaseForm({ zaakId, csrf }: { zaakId: string; csrf: string }) {
  return (
    <section aria-labelledby="vrijgeven-kop">
      <h2 class="utrecht-heading-2" id="vrijgeven-kop">
        Zaak teruggeven
      </h2>
      <p class="utrecht-paragraph">Kunt u deze zaak niet oppakken? Geef hem vrij, dan komt hij terug in de wachtrij voor een collega.</p>
      <form method="post" action={`/zaken/${zaakId}/vrijgeven`}>
        <CsrfField token={csrf} />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
          Zaak vrijgeven
        </button>
      </form>
    </section>
  );
}
