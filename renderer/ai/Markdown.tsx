/** A model's answer as Markdown, rendered safely: react-markdown builds React elements (no HTML
 * strings), raw HTML in the answer is dropped, and link URLs are sanitised (no javascript:). */
import ReactMarkdown from 'react-markdown';

export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml components={{ a: ({ href, children }) => <a href={href} target="_blank" rel="noreferrer noopener">{children}</a> }}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
