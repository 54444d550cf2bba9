/**
 * The server side of the transparency log (issue 4): storage in PostgreSQL, the append path the
 * engine calls inside its transactions, checkpoint signing, the public handlers, member charge
 * bundles and the auditor's verification. The browser-safe verification core is src/transparency.
 * See docs/transparency.md.
 */
export { appendLogEntry, appendLogEntries, logSize, storedRoot, storedInclusionProof, storedConsistencyProof, type LogAppend } from './log-store.ts';
export { signCheckpointNow, latestCheckpoint, checkpointAt, type SignedCheckpoint } from './checkpoints.ts';
export {
  acceptCosignatures, cosignatureLines, witnessProgress, COSIGNATURE_CLOCK_SKEW_SECONDS,
  type CosignatureReceipt, type CosignatureSubmission, type WitnessProgress,
} from './cosignatures.ts';
export { loadWitnessKeys, parseWitnessKeys, WITNESSES_ENV, WITNESSES_FILE, MAX_WITNESSES, type WitnessKey } from './witness-config.ts';
export { runWitness, readWitnessState, type WitnessRunOptions, type WitnessRunResult, type WitnessLogState } from './witness-client.ts';
export { loadLogKey, logKeyFromSignerKey, DEFAULT_LOG_ORIGIN, type LogKey } from './signer-config.ts';
export {
  ENTRY_TYPES, periodName, logPlanRules, logClaimDecision, logClaimChallenge, logJuryResult, logAnnouncement, logChargeDay,
} from './entries.ts';
export { buildChargeTreeInDb, memberChargePath } from './charge-tree.ts';
export { createLogHandlers, handleLogPath, type LogHandlers, type LogHandlerOptions, type LogResponse, type WitnessStatus } from './log-handlers.ts';
export { replayEntries, type ReplayReport, type ReplayProblem } from './replay-check.ts';
export {
  verifyLog, witnessCheck, crossCheckDatabase, exportLog, logSourceFor, httpLogSource, dirLogSource, handlersLogSource, readVerifierState, writeVerifierState,
  type LogSource, type LogVerification, type VerifierState, type VerifyLogOptions,
} from './verify-log.ts';
