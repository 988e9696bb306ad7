/**
 * A form generated from a task type's result schema (GET /api/v1/task-types): no per-type form
 * code. It reads the JSON Schema the API derives from its zod schema:
 *
 * - an object's `properties` become fields, labelled by their German `title`; `required` marks
 *   the mandatory ones;
 * - a discriminated union (`oneOf` of objects that share a property with a `const` each) becomes
 *   a radio group for that property (labelled by the branches' titles), followed by the fields of
 *   the chosen branch;
 * - string choices (`oneOf: [{ const, title }]`, or a bare `enum`) become radio buttons (a select
 *   from six choices on), booleans "ja"/"nein", strings a text field, or a text area from 200
 *   characters on;
 * - a list of string choices (`type: array` with such `items`) becomes a group of checkboxes.
 *
 * The client checks only what a person can fix at once (mandatory fields, length after trimming);
 * everything else is the API's to say (422 with fields), shown beside the same field.
 */
import { CheckboxGroup, RadioGroup, SelectField, TextArea, TextField, type Option } from './fields';

/** The part of JSON Schema the form understands. */
export interface FormSchema {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, FormSchema>;
  required?: string[];
  oneOf?: FormSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  items?: FormSchema;
}

/** How a list of choices is kept among the form's strings: the chosen codes, one per line. */
const LIST_SEPARATOR = '\n';
const listOf = (value: string | undefined) => (value ? value.split(LIST_SEPARATOR).filter(Boolean) : []);
/** The choices of a list of choices (`type: array`), if the property is one. */
function listChoicesOf(schema: FormSchema): Option[] | undefined {
  return schema.type === 'array' && schema.items ? choicesOf(schema.items) : undefined;
}

/** What the person entered, by field name (strings as typed; `''` for nothing chosen). */
export type FormValues = Record<string, string>;
/** Messages by field name. */
export type FormErrors = Record<string, string>;

interface Branch {
  /** The discriminator's value as the radio buttons carry it (`"true"`, `"sold"`). */
  key: string;
  value: unknown;
  schema: FormSchema;
}

interface Shape {
  /** The discriminating property of a union, with its branches. */
  union?: { property: string; title: string; description?: string; branches: Branch[] };
  /** The object whose fields show now (the chosen branch, or the plain object). */
  object?: FormSchema;
}

const isObject = (schema: FormSchema) => schema.type === 'object' || schema.properties !== undefined;

/** The union's discriminator: a property every branch has with a `const`. */
function discriminatorOf(branches: FormSchema[]): string | undefined {
  const [first] = branches;
  if (!first?.properties || !branches.every(isObject)) return undefined;
  return Object.keys(first.properties).find((property) => branches.every((branch) => branch.properties?.[property]?.const !== undefined));
}

function shapeOf(schema: FormSchema, values: FormValues): Shape {
  if (schema.oneOf && schema.oneOf.length > 0) {
    const property = discriminatorOf(schema.oneOf);
    if (!property) return {};
    const branches = schema.oneOf.map((branch) => {
      const value = branch.properties![property]!.const;
      return { key: String(value), value, schema: branch };
    });
    const first = schema.oneOf[0]!.properties![property]!;
    const chosen = branches.find((branch) => branch.key === values[property]);
    return { union: { property, title: first.title ?? property, description: first.description, branches }, object: chosen?.schema };
  }
  return isObject(schema) ? { object: schema } : {};
}

/** A property's choices, if it is one. */
function choicesOf(schema: FormSchema): Option[] | undefined {
  if (schema.oneOf?.every((choice) => choice.const !== undefined)) return schema.oneOf.map((choice) => ({ value: String(choice.const), label: choice.title ?? String(choice.const) }));
  if (Array.isArray(schema.enum)) return schema.enum.map((choice) => ({ value: String(choice), label: String(choice) }));
  if (schema.type === 'boolean') return [{ value: 'true', label: 'ja' }, { value: 'false', label: 'nein' }];
  return undefined;
}

/** The fields of the object shown now, without the union's discriminator. */
function fieldsOf(shape: Shape): Array<[string, FormSchema, boolean]> {
  const object = shape.object;
  if (!object?.properties) return [];
  return Object.entries(object.properties)
    .filter(([name]) => name !== shape.union?.property)
    .map(([name, property]) => [name, property, object.required?.includes(name) ?? false]);
}

/** The client's own check: mandatory fields and lengths; `{}` when the form may be sent. */
export function validate(schema: FormSchema, values: FormValues): FormErrors {
  const shape = shapeOf(schema, values);
  const errors: FormErrors = {};
  if (shape.union && !shape.object) errors[shape.union.property] = 'Bitte eine Auswahl treffen.';
  for (const [name, property, required] of fieldsOf(shape)) {
    const value = (values[name] ?? '').trim();
    // A list may be empty (nothing sold): it is sent as [] and needs no choice.
    if (listChoicesOf(property)) continue;
    if (choicesOf(property)) {
      if (required && value === '') errors[name] = 'Bitte eine Auswahl treffen.';
      continue;
    }
    if (required && value === '') errors[name] = 'Bitte ausfüllen.';
    else if (property.minLength !== undefined && value.length > 0 && value.length < property.minLength) errors[name] = `Bitte mindestens ${property.minLength} Zeichen eingeben.`;
    else if (property.maxLength !== undefined && value.length > property.maxLength) errors[name] = `Höchstens ${property.maxLength} Zeichen, jetzt sind es ${value.length}.`;
  }
  return errors;
}

/** The result to send: typed values of the fields shown, trimmed text, empty optional text left out. */
export function resultOf(schema: FormSchema, values: FormValues): Record<string, unknown> {
  const shape = shapeOf(schema, values);
  const result: Record<string, unknown> = {};
  if (shape.union) {
    const branch = shape.union.branches.find((candidate) => candidate.key === values[shape.union!.property]);
    if (branch) result[shape.union.property] = branch.value;
  }
  for (const [name, property, required] of fieldsOf(shape)) {
    if (listChoicesOf(property)) {
      const chosen = listOf(values[name]);
      if (chosen.length > 0 || required) result[name] = chosen;
      continue;
    }
    const value = (values[name] ?? '').trim();
    if (value === '') continue;
    if (property.type === 'boolean') result[name] = value === 'true';
    else if (property.type === 'integer' || property.type === 'number') result[name] = Number(value);
    else result[name] = value;
  }
  return result;
}

/** Where an API field path (`body.outcome`, `outcome`) belongs in this form. */
export function fieldOfApiPath(path: string): string {
  return path.replace(/^(body|result)\./, '').split('.')[0] ?? path;
}

/** A text area from this many characters on. */
const LONG_TEXT = 200;

export function SchemaForm({ schema, values, errors, onChange, idPrefix }: { schema: FormSchema; values: FormValues; errors: FormErrors; onChange(values: FormValues): void; idPrefix: string }) {
  const shape = shapeOf(schema, values);
  const set = (name: string) => (value: string) => onChange({ ...values, [name]: value });
  return (
    <>
      {shape.union ? (
        <RadioGroup
          label={shape.union.title}
          name={`${idPrefix}-${shape.union.property}`}
          value={values[shape.union.property] ?? ''}
          onChange={set(shape.union.property)}
          options={shape.union.branches.map((branch) => ({ value: branch.key, label: branch.schema.title ?? branch.key }))}
          error={errors[shape.union.property]}
          hint={shape.union.description}
          required
        />
      ) : null}
      {fieldsOf(shape).map(([name, property, required]) => {
        const label = property.title ?? name;
        const common = { label, name: `${idPrefix}-${name}`, value: values[name] ?? '', onChange: set(name), error: errors[name], required };
        const listChoices = listChoicesOf(property);
        if (listChoices) {
          return (
            <CheckboxGroup
              key={name}
              label={label}
              name={`${idPrefix}-${name}`}
              value={listOf(values[name])}
              onChange={(chosen) => set(name)(chosen.join(LIST_SEPARATOR))}
              options={listChoices}
              error={errors[name]}
              hint={property.description}
            />
          );
        }
        const choices = choicesOf(property);
        if (choices) {
          return choices.length > 5 ? (
            <SelectField key={name} {...common} hint={property.description} options={[{ value: '', label: 'Bitte wählen' }, ...choices]} />
          ) : (
            <RadioGroup key={name} {...common} hint={property.description} options={choices} />
          );
        }
        const limit = property.maxLength !== undefined ? `Höchstens ${property.maxLength} Zeichen.` : undefined;
        const hint = [property.description, limit].filter(Boolean).join(' ') || undefined;
        return property.maxLength === undefined || property.maxLength >= LONG_TEXT ? <TextArea key={name} {...common} hint={hint} /> : <TextField key={name} {...common} hint={hint} />;
      })}
    </>
  );
}
