import type { Reporter, TestModule } from "vitest/node";

// Vitest's own summary ("Tests  817 passed (817)") is a table for people. CI's log is also read by
// tools that look for a plain closing line, so the run ends with one: "tests: N passed, N failed",
// with skipped tests after it. A file that failed to load counts as one failed test, so a suite that
// breaks before its tests start never closes on "0 failed".
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const testModule of testModules) {
      const tests = [...testModule.children.allTests()];
      if (testModule.state() === "failed" && tests.length === 0) counts.failed += 1;
      for (const test of tests) {
        const state = test.result().state;
        if (state === "passed") counts.passed += 1;
        else if (state === "failed") counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
