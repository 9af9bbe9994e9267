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

/** Replaces `{name}` placeholders with params. */
export function formatMessage(template: string, params?: MessageParams): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type Translate<V extends Record<string, string>> = (
  key: keyof V & string,
  params?: MessageParams,
) => string;
