import type { FieldIssue } from '../../../shared/contract/e911';
import type { CivicField } from '../../../shared/e911/civic-address';
import type { AddressInput } from '../../controllers/e911-controller';
import { ADDRESS_FORM_FIELDS, issuesOf } from './address-input';
import { FieldInput } from './FieldInput';

type Props = {
  idPrefix: string;
  value: AddressInput;
  onChange: (field: CivicField, value: string) => void;
  issues: readonly FieldIssue[];
  disabled?: boolean;
};

/** The civic address inputs shared by the agent's "somewhere else" form and the admin's location form. */
export function AddressFields({ idPrefix, value, onChange, issues, disabled }: Props) {
  return (
    <div className="address-fields">
      {ADDRESS_FORM_FIELDS.map(([field, label]) => (
        <FieldInput
          key={field}
          id={`${idPrefix}-${field}`}
          label={label}
          value={value[field] ?? ''}
          onChange={(v) => onChange(field, v)}
          issues={issuesOf(issues, field)}
          disabled={disabled}
          type={field === 'callbackNumber' ? 'tel' : 'text'}
          placeholder={field === 'callbackNumber' ? '+14155550100' : undefined}
        />
      ))}
    </div>
  );
}
