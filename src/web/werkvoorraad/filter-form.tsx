import type { Children } from '@kitajs/html';
import { amountBands, deadlineOptions, type FilterCounts, type WorklistFilter } from './filters.js';
import type { SignaalpartnerType } from '../../intake/schema.js';

function Checkbox(props: { name: string; value: string; label: string; count: number; checked: boolean }) {
  return (
    <div class="utrecht-form-field utrecht-form-field--checkbox">
      <p class="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label class="utrecht-form-label utrecht-form-label--checkbox">
          <input
            type="checkbox"
            class="utrecht-checkbox utrecht-checkbox--html-input utrecht-form-field__input"
            name={props.name}
            value={props.value}
            checked={props.checked}
          />{' '}
          <span safe>{`${props.label} (${props.count})`}</span>
        </label>
      </p>
    </div>
  );
}

function Group(props: { legend: string; children: Children }) {
  return (
    <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset werkplek-filter-group">
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" safe>
        {props.legend}
      </legend>
      {props.children}
    </fieldset>
  );
}

/**
 * The Werkvoorraad's filters as a GET form (works without JavaScript; an address that can be
 * bookmarked). Each option shows how many cases it would give. Partner types appear when some
 * case has one, or when ticked.
 */
export function FilterForm({ filter, counts, partnerTypes }: { filter: WorklistFilter; counts: FilterCounts; partnerTypes: SignaalpartnerType[] }) {
  return (
    <form method="get" action="/werkvoorraad" class="werkplek-filters" aria-labelledby="filters-kop">
      <h2 class="utrecht-heading-2" id="filters-kop">
        Filteren
      </h2>
      <div class="werkplek-filter-groups">
        <Group legend="Signaalpartner">
          {partnerTypes.length > 0 ? (
            partnerTypes.map((t) => <Checkbox name="partner" value={t} label={t} count={counts.partner[t]} checked={filter.partner.includes(t)} />)
          ) : (
            <p class="utrecht-paragraph">Geen zaken.</p>
          )}
        </Group>
        <Group legend="Totaalbedrag">
          {amountBands.map((b) => (
            <Checkbox name="bedrag" value={b.value} label={b.label} count={counts.bedrag[b.value]} checked={filter.bedrag.includes(b.value)} />
          ))}
        </Group>
        <Group legend="Crisis">
          <Checkbox name="crisis" value="ja" label="Alleen crisissignalen" count={counts.crisis} checked={filter.crisis} />
        </Group>
        <Group legend="Postcodegebied">
          {Object.keys(counts.pc4).length > 0 ? (
            Object.entries(counts.pc4).map(([area, count]) => <Checkbox name="pc4" value={area} label={area} count={count} checked={filter.pc4.includes(area)} />)
          ) : (
            <p class="utrecht-paragraph">Geen zaken.</p>
          )}
        </Group>
        <Group legend="Aanbodtermijn">
          {deadlineOptions.map((d) => (
            <Checkbox name="termijn" value={d.value} label={d.label} count={counts.termijn[d.value]} checked={filter.termijn.includes(d.value)} />
          ))}
        </Group>
      </div>
      <div class="utrecht-button-group">
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
          Filters toepassen
        </button>
        <a class="utrecht-link utrecht-link--html-a" href="/werkvoorraad">
          Filters wissen
        </a>
      </div>
    </form>
  );
}
