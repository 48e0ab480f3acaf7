import { FormEvent, useEffect, useRef, useState } from 'react';

/** The board's search (press / anywhere to focus it) and its "killed only" filter; both live in the page's address. */
export function BoardSearch({ q, killedOnly, onChange }: { q: string; killedOnly: boolean; onChange(q: string, killedOnly: boolean): void }) {
  const [text, setText] = useState(q);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (event.key === '/' && !typing && !event.metaKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(text.trim(), killedOnly);
  };
  return (
    <form role="search" className="toolbar board-search" onSubmit={submit}>
      <label htmlFor="board-search">
        Search vendors and integrations <kbd title="press / to search">/</kbd>
      </label>
      <input
        id="board-search"
        ref={input}
        type="search"
        maxLength={128}
        placeholder="slug, name or integration key"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit">Search</button>
      <label className="check">
        <input type="checkbox" data-filter checked={killedOnly} onChange={(e) => onChange(text.trim(), e.target.checked)} /> Killed only
      </label>
    </form>
  );
}
