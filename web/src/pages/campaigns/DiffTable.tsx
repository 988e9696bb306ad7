/**
 * What changed between two versions, or a version and the draft (`GET /campaigns/{id}/diff`), as
 * a table: the field in German with its path, what happened, the value before and after.
 */
import { describeCriterion } from './criteria-text';
import { fieldName, outcomeLabel, productLabel } from './labels';
import type { JsonChange } from './types';

const OPS: Record<JsonChange['op'], string> = { added: 'hinzugefügt', removed: 'entfernt', changed: 'geändert' };

/** A value as a person reads it: text as is, rules as sentences, codes by their German names. */
function valueText(path: string, value: unknown, titleOf: (process: string) => string): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'string') {
    if (/^trigger\.processes\.\d+$/.test(path)) return titleOf(value);
    if (/^outcomes\.\d+\.outcome$/.test(path)) return outcomeLabel(value);
    if (path === 'offer.product') return productLabel(value);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value) && 'kind' in value && (path.startsWith('criteria') || path.startsWith('exclusions'))) return describeCriterion(value);
  if (Array.isArray(value) && /^trigger\.processes$/.test(path)) return value.map((item) => titleOf(String(item))).join('; ');
  if (typeof value === 'object' && !Array.isArray(value) && 'outcome' in value) {
    const rule = value as { outcome: string; say?: string };
    return `${outcomeLabel(rule.outcome)}${rule.say ? `: „${rule.say}“` : ''}`;
  }
  return JSON.stringify(value);
}

export function DiffTable({ changes, caption, titleOf }: { changes: JsonChange[]; caption: string; titleOf: (process: string) => string }) {
  if (changes.length === 0) return <p>Keine Unterschiede.</p>;
  return (
    <div className="table-scroll">
      <table className="campaign-diff">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Feld</th>
            <th scope="col">Änderung</th>
            <th scope="col">Vorher</th>
            <th scope="col">Nachher</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={`${change.op}:${change.path}`} className={`campaign-diff-${change.op}`}>
              <th scope="row">
                {fieldName(change.path)}
                <div className="campaign-path">{change.path || '(alles)'}</div>
              </th>
              <td>{OPS[change.op]}</td>
              <td className="campaign-diff-value">{change.op === 'added' ? '–' : valueText(change.path, change.before, titleOf)}</td>
              <td className="campaign-diff-value">{change.op === 'removed' ? '–' : valueText(change.path, change.after, titleOf)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
