/**
 * The schema: the RedwoodJS tutorial's operations, plus additive fields (MutationResult.code and
 * friends, Query.me, setPhoneNumber, disableTwoFactorAuth). docs/graphql.md explains each one.
 */
export const typeDefs = /* GraphQL */ `
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
    "Guesses left on the current code (INVALID_CODE)."
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
  }

  type Query {
    "The signed-in user. Works for a password-only session too."
    me: Me
  }

  type Mutation {
    "Sends a code to a number the server already holds (never one from the request)."
    requestOtp: MutationResult!
    "Password-only session: finishes sign-in. Signed in: confirms the number from setPhoneNumber."
    verifyOtp(otp: String!): MutationResult!
    "Needs a phone proved in the last 10 minutes."
    enableTwoFactorAuth: MutationResult!
    "Sends a code to a new number; it is saved only after verifyOtp."
    setPhoneNumber(phoneNumber: String!): MutationResult!
    "Needs the password and a code from requestOtp. Either one wrong answers INVALID_CREDENTIALS."
    disableTwoFactorAuth(password: String!, otp: String!): MutationResult!
  }
`;
