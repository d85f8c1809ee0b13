import { defineError } from '@tangram/errors';

/** The request carries no valid session cookie or API token. */
export const AUTH_REQUIRED = defineError('AUTH_REQUIRED', 401, 'Sign in first.');

/** Wrong email or password; the same answer whether the email is known or not. */
export const AUTH_INVALID_CREDENTIALS = defineError(
  'AUTH_INVALID_CREDENTIALS',
  401,
  'The email or password is not correct.',
);

/** Too many failed sign-ins for this email from this address; `details.retryAfterSeconds`. */
export const AUTH_RATE_LIMITED = defineError<{ retryAfterSeconds: number }>(
  'AUTH_RATE_LIMITED',
  429,
  'Too many failed sign-ins. Wait a while and try again.',
);

/** A cookie-authenticated write without the `x-requested-with: tangram` header. */
export const CSRF_HEADER_MISSING = defineError(
  'CSRF_HEADER_MISSING',
  403,
  'This request must carry the header x-requested-with: tangram.',
);

/** The first administrator already exists. */
export const SETUP_ALREADY_DONE = defineError(
  'SETUP_ALREADY_DONE',
  409,
  'The first administrator has already been created; sign in instead.',
);

/** The signed-in user lacks the permission the action needs; `details` says which. */
export const PERMISSION_DENIED = defineError<Record<string, unknown>>(
  'PERMISSION_DENIED',
  403,
  'You do not have permission to do this.',
);

/** A new password breaks the password rule (8 to 256 characters). */
export const PASSWORD_TOO_WEAK = defineError<{ minLength: number; maxLength: number }>(
  'PASSWORD_TOO_WEAK',
  422,
  'The password must be 8 to 256 characters long.',
);

/** Another user of the tenant already has this email. */
export const USER_EMAIL_TAKEN = defineError<{ email: string }>(
  'USER_EMAIL_TAKEN',
  409,
  'Another user already has this email.',
);

/** No user, department, token, rule or share with that id in the tenant. */
export const IDENTITY_NOT_FOUND = defineError<{ kind: string; id: string }>(
  'IDENTITY_NOT_FOUND',
  404,
  'There is no such entry.',
);

/** A change to users, departments, roles or shares that breaks a rule; `details.reason`. */
export const IDENTITY_INVALID = defineError<{ reason: string }>(
  'IDENTITY_INVALID',
  422,
  'The change is not valid.',
);

/** The current password given to a password change is wrong. */
export const CURRENT_PASSWORD_INCORRECT = defineError(
  'CURRENT_PASSWORD_INCORRECT',
  422,
  'The current password is not correct.',
);
