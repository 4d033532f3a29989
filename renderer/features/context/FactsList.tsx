import { useState } from 'react';

/** Key facts, each copyable (account numbers, order ids) so the agent never retypes them. */
export function FactsList({ facts }: { facts: { label?: string; value?: string }[] }) {
  const [copied, setCopied] = useState<number | null>(null);
  const copy = (i: number, value: string) => {
    void navigator.clipboard?.writeText(value).then(
      () => setCopied(i),
      () => setCopied(null),
    );
  };
  return (
    <div className="facts">
      <span className="label">Key facts</span>
      <dl>
        {facts.map((f, i) => (
          <div key={i} className="fact">
            <dt>{f.label}</dt>
            <dd>
              <span>{f.value}</span>
              {f.value && (
                <button type="button" className="copy" onClick={() => copy(i, f.value ?? '')} aria-label={`Copy ${f.label ?? 'value'}`}>
                  {copied === i ? 'Copied' : 'Copy'}
                </button>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
