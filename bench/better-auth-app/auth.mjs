// better-auth as its docs set it up (email and password, the two-factor plugin's SMS-style OTP),
// on the same PostgreSQL as twostep, for `npm run bench:http` only. The OTP is stored hashed, as
// twostep stores its codes; nothing is sent (the bench guesses wrong codes on purpose).
// BA_RATE_LIMIT=1 turns better-auth's rate limiter on with database storage (twostep keeps its
// per-IP check window in the database too); 0 turns it off.
import { betterAuth } from "better-auth";
import { twoFactor } from "better-auth/plugins";
import pg from "pg";

/** Statements sent through the pool, read by the bench at /api/bench/counters. */
export const counters = { statements: 0, transactions: 0, redisCommands: 0 };

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on("connect", (client) => {
  const query = client.query.bind(client);
  client.query = (...args) => {
    counters.statements++;
    const text = typeof args[0] === "string" ? args[0] : args[0]?.text;
    if (typeof text === "string" && /^\s*begin\b/i.test(text)) counters.transactions++;
    return query(...args);
  };
});

export const auth = betterAuth({
  database: pool,
  secret: process.env.BETTER_AUTH_SECRET,
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: process.env.BA_RATE_LIMIT === "1", storage: "database" },
  advanced: { ipAddress: { ipAddressHeaders: ["x-forwarded-for"] } },
  plugins: [
    twoFactor({
      skipVerificationOnEnable: true,
      otpOptions: { storeOTP: "hashed", sendOTP: async () => {} },
    }),
  ],
});
