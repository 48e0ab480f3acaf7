import { BusyAnswers } from './all-exceptions.filter';

describe(BusyAnswers.name, () => {
  it('logs one 503 every 10 s at most, saying how many more were answered meanwhile', () => {
    let now = 0;
    const busy = new BusyAnswers(() => now);
    const lines: string[] = [];
    const logger = { warn: (_context: unknown, line: string) => lines.push(line) };
    for (let i = 0; i < 1000; i++) busy.note(logger, 'the database is busy or unreachable', `r${i}`);
    now = 9_999;
    busy.note(logger, 'the database is busy or unreachable', 'late');
    now = 10_000;
    busy.note(logger, 'the database is busy or unreachable', 'next');
    expect(lines).toEqual([
      'request answered 503: the database is busy or unreachable',
      'request answered 503: the database is busy or unreachable (and 1000 more answered 503 since the last such line)',
    ]);
  });
});
