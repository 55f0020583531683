/** The diagram as XML, read-only, next to the canvas; follows every change on the canvas. */
import { useEffect, useState } from 'react';
import { errorText } from '../api';

export function XmlView({ xml, version }: { xml(): Promise<string>; version: unknown }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    xml().then((t) => { if (current) { setText(t); setError(undefined); } }, (err) => { if (current) setError(errorText(err)); });
    return () => { current = false; };
  }, [xml, version]);
  return (
    <section className="xml-view" aria-label="XML" data-testid="xml-view">
      {error && <p className="error-text" role="alert">The diagram cannot be written as XML: {error}</p>}
      <pre tabIndex={0} aria-label="Diagram XML" data-testid="xml-text">{text}</pre>
    </section>
  );
}
