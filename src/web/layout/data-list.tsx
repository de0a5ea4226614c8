import type { Children } from '@kitajs/html';

/**
 * Facts as key/value rows (NL Design System data list), the same on every page. A `value` is text
 * (escaped); `children` is markup the caller built (a date with its badge).
 */
export function DataList({ children }: { children?: Children }) {
  return <dl class="utrecht-data-list utrecht-data-list--rows werkplek-data-list">{children}</dl>;
}

export function DataItem(props: { term: string; value?: string; children?: Children }) {
  return (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key" safe>
        {props.term}
      </dt>
      {props.value !== undefined ? (
        <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd werkplek-break" safe>
          {props.value}
        </dd>
      ) : (
        <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd werkplek-break">{props.children}</dd>
      )}
    </div>
  );
}
