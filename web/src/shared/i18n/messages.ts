// A small message dictionary per feature: Vietnamese first, English second. The English table
// must have the same keys as the Vietnamese one (the type checker enforces it).

export type Lang = 'vi' | 'en';

export const LANGS: readonly Lang[] = ['vi', 'en'];

export type MessageParams = Record<string, string | number>;

export interface Messages<V extends Record<string, string>> {
  vi: V;
  en: { [K in keyof V]: string };
}

export function defineMessages<const V extends Record<string, string>>(
  messages: Messages<V>,
): Messages<V> {
  return messages;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

function pluralCategory(lang: Lang, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

/** The `{...}` group that opens at `open` ends at the returned index (its closing brace). */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') {
      depth += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) {
        return i;
      }
    }
  }
  return -1;
}

/**
 * `count, plural, one {# signature} other {# signatures}` (the part inside the outer braces)
 * -> the case for params[count] in `lang` with `#` replaced by the number; null when malformed.
 */
function formatPlural(body: string, params: MessageParams, lang: Lang): string | null {
  const head = /^\s*(\w+)\s*,\s*plural\s*,/.exec(body);
  const name = head?.[1];
  if (!head || !name) {
    return null;
  }
  const value = Number(params[name]);
  if (!Number.isFinite(value)) {
    return null;
  }
  const cases = new Map<string, string>();
  let rest = body.slice(head[0].length);
  for (;;) {
    const selector = /^\s*(=\d+|\w+)\s*\{/.exec(rest);
    const category = selector?.[1];
    if (!selector || !category) {
      break;
    }
    const open = selector[0].length - 1;
    const close = closingBrace(rest, open);
    if (close < 0) {
      return null;
    }
    cases.set(category, rest.slice(open + 1, close));
    rest = rest.slice(close + 1);
  }
  const chosen =
    cases.get(`=${value}`) ?? cases.get(pluralCategory(lang, value)) ?? cases.get('other');
  return chosen === undefined
    ? null
    : formatMessage(chosen.replace(/#/g, String(value)), params, lang);
}

/**
 * Replaces `{name}` placeholders with params, and chooses the case of a plural group for the
 * language: `{count, plural, one {# signature} other {# signatures}}` gives "1 signature",
 * "2 signatures" in English (Vietnamese nouns do not change: its messages need no plural group).
 */
export function formatMessage(template: string, params?: MessageParams, lang: Lang = 'vi'): string {
  if (!params) {
    return template;
  }
  let out = '';
  let at = 0;
  for (let open = template.indexOf('{'); open >= 0; open = template.indexOf('{', at)) {
    out += template.slice(at, open);
    const close = closingBrace(template, open);
    if (close < 0) {
      return out + template.slice(open);
    }
    const body = template.slice(open + 1, close);
    const whole = template.slice(open, close + 1);
    if (/^\w+$/.test(body)) {
      out += body in params ? String(params[body]) : whole;
    } else {
      out += formatPlural(body, params, lang) ?? whole;
    }
    at = close + 1;
  }
  return out + template.slice(at);
}

export type Translate<V extends Record<string, string>> = (
  key: keyof V & string,
  params?: MessageParams,
) => string;
