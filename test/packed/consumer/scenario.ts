// A host app's first hour with @twostep/core, as installed from the tarball: the packed test
// type-checks this file against the installed declarations, compiles it and runs it with plain
// node from an unrelated directory. It prints one JSON line the test reads.
import { createLogger, createTwoStep, type TwoStepCore, type UserFactorStore } from "@twostep/core";
import { createAccountService } from "@twostep/core/accounts";
import { createOutboxSender } from "@twostep/core/outbox";
import {
  MIGRATIONS_DIR,
  createSqlAuditLog,
  createSqlPumpingStore,
  createSqlSmsLog,
  createSqlStateStore,
  createSqlUserFactorStore,
  createUserRepository,
  openDatabase,
} from "@twostep/core/sql";

const PHONE = "+12015550123";
const EMAIL = "packed@example.com";
const PASSWORD = "packed-tarball-password";

/** The six digits of the newest SMS the outbox delivered to PHONE. */
async function latestOutboxCode(core: TwoStepCore): Promise<string> {
  const [newest] = await core.smsLog.outbox({ to: PHONE, limit: 1 });
  const code = newest?.body.match(/#(\d{6})\s*$/)?.[1];
  if (!code) throw new Error(`no code in the outbox for ${PHONE}`);
  return code;
}

// Migrations run here: they must come from the installed package, not the working directory.
const handle = await openDatabase({ pgliteMemory: true });
try {
  const logger = createLogger({ level: "silent" });
  const store = createSqlStateStore(handle.db);
  const users: UserFactorStore = createSqlUserFactorStore(handle.db);
  const core = createTwoStep({
    codeHashKey: "packed-test-code-hash-key-0123456789abcdef",
    store,
    sms: createOutboxSender({ logger }),
    smsLog: createSqlSmsLog(handle.db),
    audit: createSqlAuditLog(handle.db),
    users,
    pumping: createSqlPumpingStore(handle.db),
    logger,
  });
  const accounts = createAccountService({ users: createUserRepository(handle.db), audit: core.audit, limiter: store.limiter, logger });

  const signUp = await accounts.signUp({ email: EMAIL, password: PASSWORD });
  if (!signUp.ok) throw new Error(`sign-up refused: ${signUp.code}`);
  const userId = signUp.user.id;

  const enrollSend = await core.twoFactor.beginPhoneEnrollment({ userId, phone: PHONE });
  const enrollVerify = await core.twoFactor.confirmPhoneEnrollment({ userId, code: await latestOutboxCode(core) });
  const enable = await core.twoFactor.enableTwoFactor({ userId });

  const password = await accounts.authenticate({ email: EMAIL, password: PASSWORD });
  const signIn = await core.twoFactor.beginSignIn({ userId });
  const signInVerify = await core.twoFactor.completeSignIn({ userId, code: await latestOutboxCode(core) });

  console.log(
    JSON.stringify({
      migrationsDir: MIGRATIONS_DIR,
      enrollSent: enrollSend.ok,
      enrollVerified: enrollVerify.ok,
      twoFactorEnabled: enable.ok,
      backupCodes: enable.ok ? enable.backupCodes?.length : null,
      passwordAccepted: password.ok,
      secondFactorRequired: signIn.secondFactorRequired,
      signInSent: signIn.send?.ok ?? false,
      signInVerified: signInVerify.ok,
      profile: await core.twoFactor.profile(userId),
    }),
  );
} finally {
  await handle.close();
}
