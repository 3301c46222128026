/**
 * Runs once when the server starts (never during `next build`): validates config, opens the
 * database and applies migrations, so a bad setting stops start-up instead of the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startTwoStep } = await import("./server/start");
    await startTwoStep();
  }
}
