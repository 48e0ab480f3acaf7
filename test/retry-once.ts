/**
 * A failed test runs once more, its first failure printed. Our suites drive real
 * processes, servers and a browser on a shared 2-core host; a timing-bound wait
 * there can miss once under load without anything being wrong. A test that fails
 * twice fails the run, and `.ci/run` names every test that needed its second try,
 * so a retry is seen and never hides a failure that repeats.
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });
