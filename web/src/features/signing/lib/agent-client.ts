// The agent client lives in shared/signing-agent (the outgoing-document pages sign with the
// token too); this module keeps the signing feature's imports as they were.
export * from '../../../shared/signing-agent/agent-client';
