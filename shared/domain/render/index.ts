export { escapeHtml } from './escape';
export type { RenderedEmail, CommandEntry } from './layout';
export { renderThanksPrompt, THANKS_COMMANDS, type ThanksPromptView } from './thanks-prompt';
export {
  renderDigest,
  DIGEST_ITEM_EXAMPLES,
  DIGEST_USER_COMMANDS,
  type DigestView,
  type DigestItemView,
  type PendingThanksView,
} from './digest';
export {
  renderConfirmation,
  renderHelp,
  type ConfirmationView,
  type ConfirmationLine,
  type HelpTable,
} from './confirmation';
export { buildMime, InvalidMessageError, type OutgoingMessage } from './mime';
