/**
 * Preloaded (`node -r`) into a child ledger to run it on a wall clock that is off by
 * `LEDGER_TEST_CLOCK_OFFSET_MS` (negative = behind), as a replica whose NTP drifted would be.
 * The service reads time through `Date.now()` (its system clock); `new Date()` without
 * arguments follows, so logs and key dates agree with it. Test support only: nothing in the
 * service loads it.
 */
'use strict';

const offset = Number(process.env.LEDGER_TEST_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offset)) throw new Error('LEDGER_TEST_CLOCK_OFFSET_MS must be a number of milliseconds');

if (offset !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class OffsetDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + offset);
      else super(...args);
    }
    static now() {
      return realNow() + offset;
    }
  }
  globalThis.Date = OffsetDate;
}
