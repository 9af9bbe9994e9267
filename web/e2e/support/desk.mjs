// The one-stop desk's side of a browser test, through the API: a counter officer receives a
// birth registration (1.001193) for someone at the counter, with the checklist the demo
// catalogue asks for (the declaration and the birth certificate on paper, the parents' residence
// read from the population database).
import assert from 'node:assert/strict';

/**
 * Receives a dossier at the counter as `counter` (a harness client signed in as a counter
 * officer) for `applicant` ({ name, phone }); `extra` adds or replaces members of the request
 * (say `fee: 0`). Returns the created dossier (201).
 */
export async function receiveAtCounter(counter, applicant, extra = {}) {
  const res = await counter.post('/dossiers', {
    procedureCode: '1.001193',
    channel: 'direct',
    applicant,
    documents: [
      { ordinal: 1, provided: true },
      { ordinal: 2, provided: true },
      { ordinal: 5, byData: true },
    ],
    delivery: 'counter',
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
