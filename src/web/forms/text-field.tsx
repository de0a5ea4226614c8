/** One NL Design System form field: label, optional description and error, input; linked for assistive technology. */
export interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'date';
  value?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  description?: string | undefined;
  error?: string | undefined;
  pattern?: string;
  inputmode?: 'numeric' | 'text';
}

export function TextField(props: TextFieldProps) {
  const describedBy = [props.description ? `${props.id}-uitleg` : '', props.error ? `${props.id}-fout` : ''].filter(Boolean).join(' ');
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${props.error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={props.id} safe>
          {props.label}
        </label>
      </div>
      {props.description ? (
        <div class="utrecht-form-field__description utrecht-form-field-description" id={`${props.id}-uitleg`} safe>
          {props.description}
        </div>
      ) : (
        ''
      )}
      {props.error ? (
        <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${props.id}-fout`} safe>
          {props.error}
        </div>
      ) : (
        ''
      )}
      <div class="utrecht-form-field__input">
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${props.error ? ' utrecht-textbox--invalid' : ''}`}
          id={props.id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          required={props.required}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
          pattern={props.pattern}
          inputmode={props.inputmode}
        />
      </div>
    </div>
  );
}
