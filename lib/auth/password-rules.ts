// One password rule for every place that sets or checks a password: better-auth's sign-in,
// the user services (setup, admin, CLI) and the forms. A password longer than sign-in accepts
// must not be accepted at creation, or its owner can never sign in.
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Said on the forms before the user fails the rule. */
export const passwordRuleText = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; any characters, a passphrase is fine.`;
