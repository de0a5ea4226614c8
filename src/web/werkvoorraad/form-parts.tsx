import { csrfFieldName } from '../layout/session-bar.js';
import { fieldId, type FieldError } from './forms.js';

/** The session's CSRF token, in every form that posts. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={csrfFieldName} value={token} />;
}

/**
 * What is wrong with a form, above it, each item a link to its field: a person who does not see
 * the red fields still hears what to fix, and reaches the field in one step.
 */
export function ErrorSummary({ form, errors }: { form: string; errors: FieldError[] }) {
  if (errors.length === 0) return '';
  return (
    <div class="utrecht-alert utrecht-alert--error werkplek-error-summary" role="alert" aria-labelledby={`${form}-fouten`}>
      <div class="utrecht-alert__content">
        <h3 class="utrecht-heading-3" id={`${form}-fouten`}>
          Er is iets niet goed ingevuld
        </h3>
        <ul class="utrecht-unordered-list">
          {errors.map((e) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link utrecht-link--html-a" href={`#${fieldId(form, e.field)}`} safe>
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The error of one field, under its label (NL Design System form field error message). */
export function FieldErrorMessage({ form, field, errors }: { form: string; field: string; errors: FieldError[] }) {
  const error = errors.find((e) => e.field === field);
  if (!error) return '';
  return (
    <p class="utrecht-form-field-error-message" id={`${fieldId(form, field)}-fout`} safe>
      {error.message}
    </p>
  );
}

export const hasError = (errors: FieldError[], field: string) => errors.some((e) => e.field === field);

/** A group of radio buttons as a fieldset with a legend; the first option carries the field's id (the summary links there). */
export function RadioGroup(props: { form: string; name: string; legend: string; options: readonly string[]; checked: string; errors: FieldError[] }) {
  const invalid = hasError(props.errors, props.name);
  const id = fieldId(props.form, props.name);
  return (
    <fieldset
      class={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${invalid ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={invalid ? `${id}-fout` : undefined}
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" safe>
        {props.legend}
      </legend>
      <FieldErrorMessage form={props.form} field={props.name} errors={props.errors} />
      {props.options.map((option, i) => (
        <div class="utrecht-form-field utrecht-form-field--radio">
          <p class="utrecht-form-field__label utrecht-form-field__label--radio">
            <label class="utrecht-form-label utrecht-form-label--radio">
              <input
                type="radio"
                class={`utrecht-radio-button utrecht-radio-button--html-input utrecht-form-field__input${invalid ? ' utrecht-radio-button--invalid' : ''}`}
                name={props.name}
                value={option}
                id={i === 0 ? id : undefined}
                checked={props.checked === option}
                aria-invalid={invalid ? 'true' : undefined}
              />{' '}
              <span safe>{option}</span>
            </label>
          </p>
        </div>
      ))}
    </fieldset>
  );
}
