// Words for the codes the hub sends without a label: priorities, routes, hop results and the
// nodes of a hop ("hub", "member:<code>", "peer:<code>", "local:<code>", "none:<code>").
import type { ExchangeTranslate } from '../i18n';

const HOP_RESULTS = new Set([
  'received',
  'refused',
  'duplicate',
  'delivered',
  'queued',
  'forwarded',
  'retry',
  'dead',
  'acknowledged',
  'failed',
  'replayed',
]);

const ROUTES = new Set(['local', 'member', 'peer', 'none']);

export function priorityLabel(t: ExchangeTranslate, priority: number): string {
  return priority >= 0 && priority <= 4
    ? t(`priority_${priority}` as 'priority_0')
    : String(priority);
}

export function routeLabel(t: ExchangeTranslate, route: string): string {
  return ROUTES.has(route) ? t(`route_${route}` as 'route_local') : route;
}

export function hopResultLabel(t: ExchangeTranslate, result: string): string {
  return HOP_RESULTS.has(result) ? t(`hop_${result}` as 'hop_received') : t('hop_other');
}

export function nodeLabel(t: ExchangeTranslate, node: string): string {
  if (node === 'hub') {
    return t('node_hub');
  }
  const colon = node.indexOf(':');
  const kind = colon > 0 ? node.slice(0, colon) : '';
  const code = node.slice(colon + 1);
  return ROUTES.has(kind) ? t(`node_${kind}` as 'node_local', { code }) : node;
}

/** A colour per hop result: green delivered, red refused or dead, orange on the way. */
export function hopColor(result: string): string {
  switch (result) {
    case 'delivered':
    case 'acknowledged':
    case 'forwarded':
    case 'received':
      return 'success';
    case 'refused':
    case 'dead':
    case 'failed':
      return 'error';
    case 'retry':
    case 'replayed':
    case 'queued':
      return 'warning';
    default:
      return 'default';
  }
}

/** A colour per transport state. */
export function transportColor(state: string): string {
  switch (state) {
    case 'delivered':
    case 'acknowledged':
      return 'success';
    case 'dead':
    case 'failed':
      return 'error';
    case 'pending':
      return 'processing';
    default:
      return 'default';
  }
}

/** True for a package of new business (older servers send the enum's number, 0). */
export function isNewBusiness(business: string | number): boolean {
  return business === 'new' || business === 0;
}
