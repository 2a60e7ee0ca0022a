// After the whole suite: the servers' logs hold no ERROR line. A refusal (too fast, forbidden,
// not found) is logged at INFO or not at all; an ERROR is a fault of ours, and a test that
// provokes one on purpose names it in ON_PURPOSE with the reason.
import { existsSync, readFileSync } from "node:fs";
import { clusterServer, devServer, mainServer } from "./servers";

const ON_PURPOSE: { text: string; why: string }[] = [];

export default async function checkLogs() {
  const faults: string[] = [];
  for (const log of [mainServer.log, devServer.log, ...clusterServer.logs]) {
    if (!existsSync(log)) continue;
    const lines = readFileSync(log, "utf8").replace(/\u001b\[[0-9;]*m/g, "").split("\n");
    for (const line of lines) {
      if (/\bERROR\b/.test(line) && !ON_PURPOSE.some((allowed) => line.includes(allowed.text))) {
        faults.push(`${log}: ${line}`);
      }
    }
  }
  if (faults.length > 0) {
    throw new Error(`the servers logged ${faults.length} ERROR line(s) during the suite:\n${faults.join("\n")}`);
  }
}
