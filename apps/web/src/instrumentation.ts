/**
 * Runs once when the server starts (never during `next build`): validates config, opens the
 * database and applies migrations, so a bad setting stops start-up instead of the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before any request: per-IP limits key on the socket's address (server/client-ip.ts).
    const { recordPeerAddresses } = await import("./server/peer-address");
    recordPeerAddresses();
    // Before any request: an error Next prints must not carry a failed statement's parameters.
    const { scrubConsole } = await import("./server/console-scrubbing");
    scrubConsole();
    const { startTwoStep } = await import("./server/start");
    await startTwoStep();
  }
}
