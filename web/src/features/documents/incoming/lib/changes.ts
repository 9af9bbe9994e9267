// A document changed through this tab (registered, submitted, assigned, completed...): whatever
// counts documents (the menu's count) loads again, without waiting for the next navigation.

const EVENT = 'cqdt:incoming-documents-changed';

export function announceIncomingChange(): void {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `listener` after every change announced in this tab; returns the unsubscribe. */
export function onIncomingChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
