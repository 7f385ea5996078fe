// Starts each run with an empty server log (global-teardown.ts reads it at the end).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { serverLog } from "./playwright.config";

export default function globalSetup() {
  mkdirSync(dirname(serverLog), { recursive: true });
  writeFileSync(serverLog, "");
}
