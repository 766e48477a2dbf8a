import type { TAttributeKey, TAttributes } from '@touchstone/core';

interface TProps {
  attributeKeys: TAttributeKey[];
  /** Current filter values by attribute key ('' = any). */
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}

/** One control per declared customer attribute; enum and boolean attributes get a list. */
export function AttributeFilters({ attributeKeys, values, onChange }: TProps) {
  if (attributeKeys.length === 0) return null;
  return (
    <fieldset className="filters">
      <legend>Attributes</legend>
      {attributeKeys.map((k) => {
        const id = `attr-${k.key}`;
        const value = values[k.key] ?? '';
        const set = (v: string) => onChange({ ...values, [k.key]: v });
        return (
          <div key={k.key} className="field">
            <label htmlFor={id}>{k.label}</label>
            {k.type === 'enum' || k.type === 'boolean' ? (
              <select id={id} value={value} onChange={(e) => set(e.target.value)}>
                <option value="">Any</option>
                {(k.type === 'boolean' ? ['true', 'false'] : k.options).map((o) => (
                  <option key={o} value={o}>
                    {k.type === 'boolean' ? (o === 'true' ? 'Yes' : 'No') : o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type={k.type === 'number' ? 'number' : k.type === 'date' ? 'date' : 'text'}
                value={value}
                onChange={(e) => set(e.target.value)}
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** The `attr=key:value` parameters of the filters that are set. */
export function attrParams(values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([, v]) => v.trim() !== '')
    .map(([k, v]) => `${k}:${v.trim()}`);
}

/** Filter values back from `attr=key:value` parameters (the URL holds the filters). */
export function attrValues(params: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    const at = p.indexOf(':');
    if (at > 0) out[p.slice(0, at)] = p.slice(at + 1);
  }
  return out;
}

/** An attribute value for display. */
export function formatAttribute(value: TAttributes[string] | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}
