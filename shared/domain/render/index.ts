export { escapeHtml } from './escape';
export type { RenderedEmail, CommandEntry } from './layout';
export { renderThanksPrompt, THANKS_COMMANDS, type ThanksPromptView } from './thanks-prompt';
export {
  renderCloseLoopPrompt,
  CLOSE_LOOP_COMMANDS,
  type CloseLoopPromptView,
} from './close-loop-prompt';
export {
  renderDigest,
  digestItemExamples,
  DIGEST_USER_COMMANDS,
  type DigestView,
  type DigestItemView,
  type RediscoverItemView,
  type PendingThanksView,
} from './digest';
export type { UpcomingDateView } from './upcoming-dates';
export { encodeMailtoValue, mailtoUri, type Draft } from './mailto';
export {
  renderConfirmation,
  renderHelp,
  type ConfirmationView,
  type ConfirmationLine,
  type HelpTable,
} from './confirmation';
export { buildMime, InvalidMessageError, type OutgoingMessage } from './mime';
export { renderQuarantineNotice, type QuarantineNoticeView } from './quarantine-notice';
