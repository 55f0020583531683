/**
 * A component's recent log, newest line at the bottom and in view: it opens scrolled to the end and
 * follows new lines unless the reader has scrolled up. Each line shows the time it arrived (the
 * kernel stamps every line with an ISO time).
 */
import { useLayoutEffect, useRef } from 'react';

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (.*)$/s;

export function splitStamp(line: string): { time?: Date; text: string } {
  const m = STAMP.exec(line);
  return m ? { time: new Date(m[1]), text: m[2] } : { text: line };
}

export function LogTail({ lines }: { lines: string[] }) {
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <div className="code log-tail" ref={box} data-testid="log-tail" tabIndex={0} aria-label="Log, newest last"
      onScroll={(e) => { const el = e.currentTarget; following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8; }}>
      {lines.length === 0 && <span className="muted">No log lines yet.</span>}
      {lines.map((line, i) => {
        const { time, text } = splitStamp(line);
        return (
          <div key={i} className="log-line" data-testid="log-line">
            {time && <time dateTime={time.toISOString()} title={time.toLocaleString()}>{time.toLocaleTimeString()}</time>}
            <span>{text}</span>
          </div>
        );
      })}
    </div>
  );
}
