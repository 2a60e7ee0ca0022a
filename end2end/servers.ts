// The servers the browser tests run against, all serving the release site (target/site) from the
// server binary STREAMLAB_BIN names (the checks give the one their Rust tests were built with),
// else from the release build:
// - the production-like server on the repository's lessons;
// - a development server watching a temporary copy of the lessons (for the hot-reload test);
// - a cluster: two nodes on PostgreSQL and a platform Redis, behind HAProxy (scripts/cluster.sh).
import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..");
export const binary = process.env.STREAMLAB_BIN ?? join(root, "target/release/streamlab");

function temp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

const mainPort = Number(process.env.STREAMLAB_E2E_PORT ?? 3210);
const devPort = mainPort + 1;
// Shared between the config (which starts the servers) and the specs (which use the paths);
// Playwright loads this module in both, so the paths are fixed through the environment.
// The copy sits beside a link to the real `src/`, so lessons' `{{#include ../src/…}}` still resolve.
process.env.STREAMLAB_E2E_DEV_LESSONS ??= (() => {
  const dir = join(temp("streamlab-e2e-dev-root-"), "lessons");
  // Without the samples' Python environment: tens of megabytes no page reads.
  cpSync(join(root, "lessons"), dir, { recursive: true, filter: (path) => !path.endsWith("/.venv") });
  symlinkSync(join(root, "src"), join(dir, "..", "src"));
  return dir;
})();

// The main server's data directory, fixed through the environment like the lessons' copy: a
// spec grants the instructor role with the binary itself (`streamlab admin grant USER`).
process.env.STREAMLAB_E2E_DATA_DIR ??= temp("streamlab-e2e-");

// Every browser context of the tests is a new learner from 127.0.0.1: lift the per-address
// rate of new learners, which a classroom of real learners would not reach, and let that one
// address hold every sandbox (the default share is a quarter of a total sized from this
// machine's memory at each sandbox's worst case).
// Each server's log goes to a file the suite reads at the end (`log-check.ts`): an ERROR line
// there is a fault, and no test may cause one unless it means to.
process.env.STREAMLAB_E2E_DEV_DATA_DIR ??= temp("streamlab-e2e-dev-");
const logOf = (dataDir: string) => join(dataDir, "server.log");

export const mainServer = {
  url: `http://127.0.0.1:${mainPort}`,
  dataDir: process.env.STREAMLAB_E2E_DATA_DIR,
  log: logOf(process.env.STREAMLAB_E2E_DATA_DIR),
  command:
    `${binary} --listen 127.0.0.1:${mainPort} --data-dir ${process.env.STREAMLAB_E2E_DATA_DIR} ` +
    `--new-learners-per-minute 10000 --address-share-percent 100 >> ${logOf(process.env.STREAMLAB_E2E_DATA_DIR)} 2>&1`,
};

export const devServer = {
  url: `http://127.0.0.1:${devPort}`,
  lessonsDir: process.env.STREAMLAB_E2E_DEV_LESSONS,
  log: logOf(process.env.STREAMLAB_E2E_DEV_DATA_DIR),
  command:
    `${binary} --listen 127.0.0.1:${devPort} --data-dir ${process.env.STREAMLAB_E2E_DEV_DATA_DIR} ` +
    `--lessons-dir ${process.env.STREAMLAB_E2E_DEV_LESSONS} --watch-lessons >> ${logOf(process.env.STREAMLAB_E2E_DEV_DATA_DIR)} 2>&1`,
};

// The cluster's nodes, its PostgreSQL and its platform Redis keep their data and logs here.
process.env.STREAMLAB_E2E_CLUSTER_DIR ??= temp("streamlab-e2e-cluster-");
const clusterPort = mainPort + 2;
const clusterNodes = ["n1", "n2"];

export const clusterServer = {
  url: `http://127.0.0.1:${clusterPort}`,
  nodes: clusterNodes,
  logs: clusterNodes.map((node) => join(process.env.STREAMLAB_E2E_CLUSTER_DIR!, `${node}.log`)),
  command:
    `STREAMLAB_BIN=${binary} STREAMLAB_CLUSTER_STATE=${process.env.STREAMLAB_E2E_CLUSTER_DIR} STREAMLAB_CLUSTER_NODES=${clusterNodes.length} ` +
    `STREAMLAB_CLUSTER_LISTEN=127.0.0.1:${clusterPort} STREAMLAB_CLUSTER_FIRST_PORT=${mainPort + 10} ` +
    `STREAMLAB_CLUSTER_REDIS_PORT=${mainPort + 3181} scripts/cluster.sh ` +
    `--new-learners-per-minute 10000 --address-share-percent 100 ` +
    `>> ${join(process.env.STREAMLAB_E2E_CLUSTER_DIR, "cluster.log")} 2>&1`,
};
