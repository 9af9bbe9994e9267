import { CheckOutlined } from '@ant-design/icons';
import { useId } from 'react';
import { Link } from 'react-router';

import type { Lang } from '../../shared/i18n/messages';
import type { FacetName, FacetValue, SearchResult } from './api';
import type { SearchTranslate } from './i18n';
import { facetLabel } from './labels';
import { type SearchState, withChanges, writeSearchState } from './url-state';

/** Each facet and the address parameter it sets. */
const FACETS: readonly {
  name: FacetName;
  key: 'direction' | 'typeOrdinal' | 'state' | 'urgency';
}[] = [
  { name: 'direction', key: 'direction' },
  { name: 'type', key: 'typeOrdinal' },
  { name: 'state', key: 'state' },
  { name: 'urgency', key: 'urgency' },
];

function hrefOf(state: SearchState, changes: Partial<SearchState>): { search: string } {
  const params = writeSearchState(withChanges(state, changes)).toString();
  return { search: params ? `?${params}` : '' };
}

function FacetGroup({
  name,
  values,
  selected,
  hrefFor,
  labelOf,
  t,
}: {
  name: FacetName;
  values: FacetValue[];
  selected: string;
  hrefFor: (value: string) => { search: string };
  labelOf: (value: string) => string;
  t: SearchTranslate;
}) {
  const headingId = useId();
  // The chosen value stays listed (with no hit) when the query no longer finds it.
  const listed =
    selected && !values.some((v) => v.value === selected)
      ? [{ value: selected, label: labelOf(selected), count: 0 }, ...values]
      : values;
  if (listed.length === 0) {
    return null;
  }
  return (
    <section className="cqdt-facet" aria-labelledby={headingId} data-facet={name}>
      <h3 id={headingId} className="cqdt-facet__title">
        {t(`facet_${name}`)}
      </h3>
      <ul className="cqdt-facet__values">
        <li>
          <Link
            to={hrefFor('')}
            className="cqdt-facet__value"
            aria-current={selected ? undefined : 'true'}
          >
            <CheckOutlined aria-hidden className="cqdt-facet__check" />
            <span className="cqdt-facet__label">{t('facetAll')}</span>
          </Link>
        </li>
        {listed.map((value) => (
          <li key={value.value}>
            <Link
              to={hrefFor(value.value)}
              className="cqdt-facet__value"
              aria-current={selected === value.value ? 'true' : undefined}
              data-value={value.value}
            >
              <CheckOutlined aria-hidden className="cqdt-facet__check" />
              <span className="cqdt-facet__label">{value.label || labelOf(value.value)}</span>{' '}
              <span className="cqdt-facet__count" aria-hidden>
                {value.count}
              </span>
              <span className="cqdt-visually-hidden">
                {` (${t('facetCount', { count: value.count })})`}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The facet counts of the answer beside each filter value; choosing a value filters (a link: the
 * address changes, so Back undoes it). "Tất cả" removes that filter.
 */
export function Facets({
  state,
  result,
  lang,
  t,
}: {
  state: SearchState;
  result: SearchResult | undefined;
  lang: Lang;
  t: SearchTranslate;
}) {
  return (
    <>
      {FACETS.map(({ name, key }) => (
        <FacetGroup
          key={name}
          name={name}
          values={result?.facets[name] ?? []}
          selected={state[key]}
          hrefFor={(value) => hrefOf(state, { [key]: value })}
          labelOf={(value) => facetLabel(lang, name, value, t, result)}
          t={t}
        />
      ))}
    </>
  );
}
