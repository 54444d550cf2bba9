/**
 * A claim's sampling reasons and risk signals in the page's language: the server sends a stable
 * code with an English sentence; other languages show the catalog's sentence for the code.
 */
import { useTranslation } from 'react-i18next';
import { codedText } from '../format/server-text';

export function SamplingReason({ reason }: { reason: { code: string; text: string } }) {
  const { t, i18n } = useTranslation();
  // "risk signal CODE: ..." names the signal that made the claim always investigated.
  const signal = /^risk signal (\S+):/.exec(reason.text)?.[1];
  const signalText = signal ? t(`server.riskSignals.${signal}`, { defaultValue: signal }) : '';
  return <>{codedText(t, i18n.language, `server.sampling.${reason.code}`, reason.text, { signal: signalText })}</>;
}

export function RiskSignal({ signal }: { signal: { code: string; reason: string } }) {
  const { t, i18n } = useTranslation();
  return <>{codedText(t, i18n.language, `server.riskSignals.${signal.code}`, signal.reason)}</>;
}
