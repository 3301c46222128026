/**
 * The schema: the RedwoodJS tutorial's operations, plus additive fields (MutationResult.code and
 * friends, Query.me, setPhoneNumber, disableTwoFactorAuth, verifyBackupCode, sessions, password). docs/graphql.md
 * explains each one. `d` is what follows each Query and Mutation field: nothing, or a directive.
 */
const sdl = (d: string) => /* GraphQL */ `
  """
  Outcome of a mutation. On failure, code is one of the closed error codes in docs/graphql.md and
  message is the text to show; tests and clients branch on code, never on message.
  """
  type MutationResult {
    success: Boolean!
    message: String
    "Null on success."
    code: String
    "Seconds to wait before trying again (RATE_LIMITED, LOCKED)."
    retryAfterSeconds: Int
    "Guesses left on the current code (INVALID_CODE; EARLIER_CODE, which spent none of them)."
    attemptsLeft: Int
    "Set only by enableTwoFactorAuth when new backup codes were made. Shown this once."
    backupCodes: [String!]
  }

  type Me {
    email: String!
    "Last four digits of the number on record, as •••• 0123; null when there is none."
    phoneHint: String
    twoFactorEnabled: Boolean!
    "True once this session is fully signed in (the SMS code was entered, or 2FA is off)."
    twoFactorVerified: Boolean!
    """
    Set while the provider reports that the SMS of a live code this session waits for (sign-in;
    or a phone-number or turn-off code) was not delivered: what to show, offering a new code
    (requestOtp) or a backup code. Null otherwise.
    """
    smsDeliveryProblem: String
    """
    The second factors this account can pass: "totp" (an authenticator app), "sms", "backup_code".
    Empty without 2FA. A password-only session reads it to offer "try another way".
    """
    factors: [String!]!
  }

  "One browser signed in to the viewer's account."
  type Session {
    "Opaque; what endSession takes."
    id: ID!
    "A short description such as \\"Firefox on macOS\\"; null when unknown."
    device: String
    "The address the session signed in from, as the security page shows it."
    ip: String
    "ISO 8601."
    createdAt: String!
    "ISO 8601; coarse (updated every few minutes at most)."
    lastSeenAt: String!
    "What passed the second step: sms, totp, backup_code, or password when none was owed."
    factor: String
    "True for the session this request came with."
    current: Boolean!
  }

  "A browser where the viewer ticked \\"Trust this browser\\": it skips the code at sign-in (never the password)."
  type TrustedDevice {
    "What revokeTrustedDevice takes."
    id: ID!
    "A short description such as \\"Firefox on macOS\\", from its last use; null when unknown."
    device: String
    "The address of its last use."
    ip: String
    "ISO 8601: when it was trusted."
    createdAt: String!
    "ISO 8601; coarse."
    lastUsedAt: String!
    "ISO 8601: the trust ends then, however often it is used."
    expiresAt: String!
  }

  type Query {
    "The signed-in user. Works for a password-only session too."
    me: Me${d}
    "Full session only: the browsers that skip the code at sign-in. Empty when the server has the feature off."
    trustedDevices: [TrustedDevice!]!${d}
    "Full session only: the live sessions of this account, this one marked current."
    mySessions: [Session!]${d}
  }

  type Mutation {
    "Sends a code to a number the server already holds (never one from the request)."
    requestOtp: MutationResult!${d}
    """
    Password-only session: finishes sign-in. Signed in: confirms the number from setPhoneNumber,
    and every other session of the account is signed out.
    """
    verifyOtp(otp: String!): MutationResult!${d}
    "Needs a phone proved in the last 10 minutes. On success every other session of the account is signed out."
    enableTwoFactorAuth: MutationResult!${d}
    """
    Sends a code to a new number; it is saved only after verifyOtp. country (ISO 3166-1 alpha-2,
    e.g. "GB") reads a number typed without its + code as dialled there; a value that is not such
    a code answers BAD_USER_INPUT.
    """
    setPhoneNumber(phoneNumber: String!, country: String): MutationResult!${d}
    """
    Needs the password and a code from requestOtp. Either one wrong answers INVALID_CREDENTIALS.
    On success every other session of the account is signed out.
    """
    disableTwoFactorAuth(password: String!, otp: String!): MutationResult!${d}
    """
    Password-only session: finishes sign-in with one of the backup codes from enableTwoFactorAuth
    instead of the SMS code. Each backup code works once.
    """
    verifyBackupCode(code: String!): MutationResult!${d}
    """
    Password-only session: finishes sign-in with the 6-digit code of an authenticator app. No SMS
    is sent for it. Counts on the same account lock as the SMS and backup codes.
    """
    verifyAuthenticatorCode(code: String!): MutationResult!${d}
    """
    Password-only session: "try another way". factor is one of Me.factors; "sms" sends a code to
    the number on record now (and only then), "totp" and "backup_code" send nothing.
    """
    chooseSecondFactor(factor: String!): MutationResult!${d}
    """
    Full session only: that browser is asked for a code at its next sign-in. An id that is not one
    of this account's trusted browsers answers NOT_FOUND, whoever's it is.
    """
    revokeTrustedDevice(id: ID!): MutationResult!${d}
    "Full session only: every trusted browser of this account is asked for a code again."
    revokeAllTrustedDevices: MutationResult!${d}
    """
    Full session only: signs out one of this account's other sessions (an id from mySessions).
    An id that is not one of this account's live sessions answers NOT_FOUND, whoever's it is.
    """
    endSession(id: ID!): MutationResult${d}
    "Full session only: signs out every other session of this account."
    endOtherSessions: MutationResult${d}
    """
    Full session only: a new password, given the current one. A commonly used new password
    answers COMMON_PASSWORD, a wrong current one INVALID_CREDENTIALS (and RATE_LIMITED after a few).
    On success every other session of the account is signed out.
    """
    changePassword(currentPassword: String!, newPassword: String!): MutationResult${d}
  }
`;

/** The SDL as a standalone server uses it (createTwoStepYoga, or a yoga server of your own). */
export const typeDefs = sdl("");

/**
 * The same SDL with `directive` after every Query and Mutation field, for hosts that insist on
 * one per field: a RedwoodJS or CedarJS api side refuses to build an SDL whose fields carry
 * neither `@requireAuth` nor `@skipAuth`. Pass "@skipAuth": every operation checks the session
 * itself (requireViewer), and a pending session, which such hosts may not count as signed in,
 * must still reach `me`, `requestOtp`, `verifyOtp` and `verifyBackupCode`.
 */
export function typeDefsWithDirective(directive: string): string {
  if (!/^@[A-Za-z_]\w*(\([^()]*\))?$/.test(directive)) throw new Error(`Not a directive: ${JSON.stringify(directive)}`);
  return sdl(` ${directive}`);
}
