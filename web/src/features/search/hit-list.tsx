import { Link } from 'react-router';

import type { SearchHit, SnippetPart } from './api';
import type { SearchTranslate } from './i18n';
import { documentPath } from './paths';

/** YYYY-MM-DD -> dd/mm/yyyy (Vietnamese order; the dates are days, no zone). */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : day;
}

/** A snippet as text with its hits in <mark>: React text nodes only, never HTML. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.hit ? (
          <mark key={index} className="cqdt-search-mark">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

const FIELDS = new Set([
  'subject',
  'numberText',
  'sender',
  'signer',
  'signerPosition',
  'description',
  'toPlaces',
  'fileNotation',
  'comment',
  'text',
]);

function Hit({ hit, t }: { hit: SearchHit; t: SearchTranslate }) {
  const field = FIELDS.has(hit.field)
    ? t(`field_${hit.field}` as Parameters<SearchTranslate>[0])
    : '';
  return (
    <li className="cqdt-search-hit" data-testid="search-hit" data-document-id={hit.id}>
      <h3 className="cqdt-search-hit__title">
        <Link to={documentPath(hit)} className="cqdt-text-link">
          {hit.subject || hit.numberText || t('noNumber')}
        </Link>
      </h3>
      <div className="cqdt-search-hit__meta">
        <span>{hit.directionLabel}</span>
        {hit.typeLabel ? <span>{hit.typeLabel}</span> : null}
        <span>{hit.numberText || t('noNumber')}</span>
        {hit.issuedDate ? <span>{t('issued', { date: formatDay(hit.issuedDate) })}</span> : null}
        {hit.direction === 'incoming' && hit.arrivalDate ? (
          <span>{t('arrival', { date: formatDay(hit.arrivalDate) })}</span>
        ) : null}
        {hit.direction === 'incoming' && hit.senderName ? (
          <span>{t('sender', { name: hit.senderName })}</span>
        ) : null}
      </div>
      <div className="cqdt-search-hit__flags">
        <span className="cqdt-search-flag" data-state={hit.state}>
          {hit.stateLabel}
        </span>
        {hit.urgency && hit.urgency !== 'normal' ? (
          <span className="cqdt-search-flag cqdt-search-flag--urgent">{hit.urgencyLabel}</span>
        ) : null}
        {hit.confidentiality && hit.confidentiality !== 'none' ? (
          <span className="cqdt-search-flag cqdt-search-flag--secret">
            {t(`conf_${hit.confidentiality}` as Parameters<SearchTranslate>[0]) ||
              hit.confidentiality}
          </span>
        ) : null}
      </div>
      {hit.snippet.length > 0 ? (
        <p className="cqdt-search-hit__snippet" data-testid="search-snippet">
          {field ? <span className="cqdt-search-hit__field">{`${field}: `}</span> : null}
          <Snippet parts={hit.snippet} />
        </p>
      ) : null}
    </li>
  );
}

/** One page of hits, best first, each linked to its document's page. */
export function HitList({
  hits,
  start,
  t,
  label,
}: {
  hits: SearchHit[];
  start: number;
  t: SearchTranslate;
  label: string;
}) {
  return (
    <ol className="cqdt-search-hits" start={start} aria-label={label}>
      {hits.map((hit) => (
        <Hit key={`${hit.direction}-${hit.id}`} hit={hit} t={t} />
      ))}
    </ol>
  );
}
