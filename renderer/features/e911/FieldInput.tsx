import type { FieldIssue } from '../../../shared/contract/e911';

type Props = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  issues: readonly FieldIssue[];
  disabled?: boolean;
  readOnly?: boolean;
  type?: 'text' | 'tel' | 'password';
  placeholder?: string;
  /** A hint read with the input (aria-describedby), shown under it. */
  help?: string;
};

/** One labelled input with its issues beside it, tied to it by aria-describedby. */
export function FieldInput({ id, label, value, onChange, issues, disabled, readOnly, type = 'text', placeholder, help }: Props) {
  const issueId = `${id}-issues`;
  const helpId = `${id}-help`;
  const described = [help ? helpId : '', issues.length > 0 ? issueId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete="off"
        disabled={disabled}
        readOnly={readOnly}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issues.length > 0 ? true : undefined}
        aria-describedby={described || undefined}
      />
      {help && (
        <span id={helpId} className="advice">
          {help}
        </span>
      )}
      {issues.length > 0 && (
        <span id={issueId} className="field-error">
          {issues.map((i) => i.message).join('; ')}
        </span>
      )}
    </div>
  );
}
