// The examples' shared test suites: each example's test/*.test.ts calls one with its own server.
// Not named *.test.ts, so the examples project never runs them without a framework.
export { accountInputSuite } from "./account-input.js";
export { everyFieldServedSuite } from "./every-field-served.js";
export { malformedHttpSuite } from "./malformed-http.js";
export { requestRefusalsSuite } from "./request-refusals.js";
export { securityNoticesSuite } from "./security-notices.js";
export { sessionsSuite } from "./sessions.js";
export { browser, latestOutboxCode, newEmail, PASSWORD, signUpWithTwoFactor, startExample, unexpectedErrorLines, type FrameworkUnderTest, type GraphQLAnswer } from "./support.js";
export { tutorialFlowSuite } from "./tutorial-flow.js";
export { userFactorStoreSuite } from "./user-factor-store.js";
