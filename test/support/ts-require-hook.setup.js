'use strict';
/**
 * Jest compiles the sources in its own module system, which a worker thread does not share: the
 * read-model worker started from the sources (`read-model.worker.ts`) loads the repository's
 * require hook instead, and this names it (see `workerBootstrap` in
 * libs/read-model-sqlite/src/read-model-database.ts).
 */
process.env.LEDGER_TS_REQUIRE_HOOK = require.resolve('./register-ts.js');
