// `node --cpu-prof` for a server started through NODE_OPTIONS, which refuses that flag: preloaded
// with --import, it starts V8's sampling profiler at start-up and writes the profile to
// $TWOSTEP_CPU_PROF_DIR when the process exits (SIGTERM included). The same
// .cpuprofile format --cpu-prof writes.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const dir = process.env.TWOSTEP_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  // A SIGTERM with no listener ends the process without "exit"; this one exits, so the profile is written.
  process.on("SIGTERM", () => process.exit(0));
  process.on("exit", () => {
    // In-process inspector messages are answered synchronously, so this runs to the end before exit.
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(`${dir}/CPU.${Date.now()}.${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    });
  });
}
