// Security notices on Redwood's real createGraphQLHandler: turning 2FA on or off and a backup-code
// sign-in through the example's GraphQL API mail the owner, at the address in the app's own users.
import { securityNoticesSuite } from "@twostep/example-graphql-api-common/suites";
import { REDWOOD } from "./framework-under-test.js";

securityNoticesSuite(REDWOOD);
