// Fails the run when the server logged an ERROR while the journeys ran: a fault the browser
// did not show (a task that outlived its request, a failed query) is still a fault.
import { readFileSync } from "node:fs";
import { serverLog } from "./playwright.config";

export default function globalTeardown() {
  const errors = readFileSync(serverLog, "utf8")
    .split("\n")
    .filter((line) => / ERROR /.test(line));
  if (errors.length > 0) {
    throw new Error(`The server logged ${errors.length} ERROR line(s):\n${errors.slice(0, 20).join("\n")}`);
  }
}
