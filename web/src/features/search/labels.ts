// Labels of filter values for a person, never codes: from the server's answers (which carry
// them in the UI's language), remembered for the next answers, else from this feature's own
// dictionary.

import type { Lang } from '../../shared/i18n/messages';
import type { FacetName, SearchResult } from './api';
import type { SearchTranslate } from './i18n';

const remembered = new Map<string, string>();
const keyOf = (lang: Lang, facet: FacetName, value: string) => `${lang}|${facet}|${value}`;

/** Keeps the labels of an answer's facets (called when an answer arrives). */
export function rememberLabels(lang: Lang, result: SearchResult | undefined): void {
  if (!result) {
    return;
  }
  for (const [facet, values] of Object.entries(result.facets) as [
    FacetName,
    SearchResult['facets'][FacetName],
  ][]) {
    for (const { value, label } of values) {
      if (label) {
        remembered.set(keyOf(lang, facet, value), label);
      }
    }
  }
}

/** What a person calls the filter value `value` of `facet`. */
export function facetLabel(
  lang: Lang,
  facet: FacetName,
  value: string,
  t: SearchTranslate,
  result?: SearchResult,
): string {
  const answered = result?.facets[facet].find((v) => v.value === value)?.label;
  if (answered) {
    return answered;
  }
  const known = remembered.get(keyOf(lang, facet, value));
  if (known) {
    return known;
  }
  switch (facet) {
    case 'direction':
    case 'urgency':
    case 'state': {
      // A value the dictionary does not know (t gives nothing): the value as it came.
      const text = t(`${facet}_${value}` as Parameters<SearchTranslate>[0]) as string | undefined;
      return text || value;
    }
    case 'type':
      return t('typeNumber', { n: value });
  }
}
