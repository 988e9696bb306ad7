/**
 * When the Direktberatung should call the customer back: "as soon as possible" or a window in
 * German time. One set of fields for the callback step and for an offer's callback, so both send
 * `preferredTime` the same way.
 */
import { useState } from 'react';
import { RadioGroup, TextField } from '../../components';
import { berlinInputToIso } from '../../format';

export type PreferredTime = { asap: true } | { from: string; to: string };

/** The fields' state, and the `preferredTime` it stands for. */
export function usePreferredTime() {
  const [when, setWhen] = useState('asap');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Empty times go as they are: the API names the field that is missing.
  const value: PreferredTime = when === 'asap' ? { asap: true } : { from: from ? berlinInputToIso(from) : '', to: to ? berlinInputToIso(to) : '' };
  return { when, setWhen, from, setFrom, to, setTo, value };
}

interface Props {
  state: ReturnType<typeof usePreferredTime>;
  label: string;
  /** Prefix of the inputs' names, so two forms on one page keep distinct ids. */
  name: string;
  fields: Record<string, string | undefined>;
}

export function PreferredTimeFields({ state, label, name, fields }: Props) {
  return (
    <>
      <RadioGroup
        label={label}
        name={`${name}when`}
        value={state.when}
        onChange={state.setWhen}
        options={[
          { value: 'asap', label: 'So bald wie möglich' },
          { value: 'window', label: 'In einem Zeitfenster' },
        ]}
        error={fields.preferredTime}
        required
      />
      {state.when === 'window' ? (
        <>
          <TextField label="Von" name={`${name}from`} type="datetime-local" value={state.from} onChange={state.setFrom} error={fields['preferredTime.from']} hint="Datum und Uhrzeit (deutsche Zeit)" required />
          <TextField label="Bis" name={`${name}to`} type="datetime-local" value={state.to} onChange={state.setTo} error={fields['preferredTime.to']} hint="Datum und Uhrzeit (deutsche Zeit)" required />
        </>
      ) : null}
    </>
  );
}
