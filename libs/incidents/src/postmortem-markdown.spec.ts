import { Postmortem } from './dto/postmortem.dto';
import { renderPostmortemMarkdown } from './postmortem-markdown';

/** A postmortem whose people's text tries to be Markdown: links, images, a heading, a table break, code. */
function postmortem(summary: string, note: string): Postmortem {
  return {
    kind: 'killswitch.postmortem/v1',
    generatedAt: '2026-12-07T00:00:00.000Z',
    incident: {
      id: '0193a3c4-5678-7abc-8def-0123456789ab',
      title: 'Feeds [leak](https://evil.example)',
      severity: 'SEV2',
      status: 'resolved',
      summary,
      reportedAt: '2026-12-06T23:00:00.000Z',
      createdAt: '2026-12-06T23:01:00.000Z',
      createdBy: 'responder@example.test',
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
    },
    timings: { reportToFirstKill: null, killToAck99: null, killToLift: null },
    killSwitches: [],
    timeline: [{ id: '1', at: '2026-12-06T23:02:00.000Z', type: 'note', actor: 'approver@example.test', body: note, refs: {} }],
    actors: [],
  } as unknown as Postmortem;
}

describe(renderPostmortemMarkdown.name, () => {
  it('keeps links and images from people’s text as text', () => {
    const md = renderPostmortemMarkdown(postmortem('see ![beacon](https://evil.example/b.png)', '[verify here](https://evil.example)'));
    expect(md).toContain('# Postmortem: Feeds \\[leak\\](https://evil.example)\n');
    expect(md).toContain('see !\\[beacon\\](https://evil.example/b.png)');
    expect(md).toContain('| note | approver@example.test | \\[verify here\\](https://evil.example) |');
    expect(md).not.toMatch(/[^\\]\[(leak|beacon|verify here)\]\(/);
  });

  it('keeps a table cell whole when a note holds a backslash before a pipe, and code spans as text', () => {
    const md = renderPostmortemMarkdown(postmortem('fine', 'a\\| b `c | d`'));
    const row = md.split('\n').find((line) => line.startsWith('| 2026-12-06T23:02'));
    expect(row).toBe('| 2026-12-06T23:02:00.000Z | note | approver@example.test | a\\\\\\| b \\`c \\| d\\` |');
    // Four cells: every pipe inside the note is escaped (an odd number of backslashes before it).
    expect(row!.split(/(?<!\\)(?:\\\\)*\|/).length - 2).toBe(4);
  });

  it('does not let a summary start a heading, a list, a rule or a numbered list', () => {
    for (const [summary, rendered] of [
      ['# Owned', '\\# Owned'],
      ['- item', '\\- item'],
      ['---', '\\---'],
      ['+ item', '\\+ item'],
      ['1. first', '1\\. first'],
      ['* star', '\\* star'],
    ]) {
      const md = renderPostmortemMarkdown(postmortem(summary, 'n'));
      expect(md.split('## Summary\n\n')[1].split('\n')[0]).toBe(rendered);
    }
  });
});
