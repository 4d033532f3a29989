import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** The list reporter shows a skipped test's name only; this adds why it was skipped. */
export default class SkipReasonReporter implements Reporter {
  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = [...test.annotations, ...(result.annotations ?? [])]
      .filter((a) => a.type === 'skip' && a.description)
      .map((a) => a.description!);
    console.log(`  skipped "${test.title}": ${[...new Set(reasons)].join('; ') || 'no reason given'}`);
  }
}
