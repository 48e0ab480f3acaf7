import type { Vendor } from '../../lib/types';
import { FirmwareMatcherInput } from './firmware-matcher-input';
import { ScopeForm } from './scope-form';
import { Field } from '../../components/field';

/** What to kill: the whole vendor or one integration, narrowed by vendor model, firmware, region or cohort. */
export function ScopePicker({ vendor, value, onChange }: { vendor: Vendor; value: ScopeForm; onChange(next: ScopeForm): void }) {
  const set = (patch: Partial<ScopeForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="stack">
      <legend>Scope</legend>
      <div className="row">
        <Field label="Integration">
          <select value={value.integration} onChange={(e) => set({ integration: e.target.value })}>
            <option value="">Whole vendor: every {vendor.name} integration</option>
            {vendor.integrations.map((i) => (
              <option key={i.key} value={i.key}>
                {i.name} ({i.key})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Vendor model">
          <select value={value.vendorModel} onChange={(e) => set({ vendorModel: e.target.value })}>
            <option value="">Any model</option>
            {vendor.models.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name} ({m.slug})
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FirmwareMatcherInput label="Vendor firmware" value={value.vendorFirmware} onChange={(vendorFirmware) => set({ vendorFirmware })} />
      <div className="row">
        <Field label="Region">
          <input value={value.region} placeholder="any" onChange={(e) => set({ region: e.target.value })} />
        </Field>
        <Field label="Cohort">
          <input value={value.cohort} placeholder="any" onChange={(e) => set({ cohort: e.target.value })} />
        </Field>
      </div>
      <details>
        <summary>Our devices: model and firmware</summary>
        <div className="stack">
          <Field label="Device model">
            <input value={value.deviceModel} placeholder="any" onChange={(e) => set({ deviceModel: e.target.value })} />
          </Field>
          <FirmwareMatcherInput label="Device firmware" value={value.deviceFirmware} onChange={(deviceFirmware) => set({ deviceFirmware })} />
        </div>
      </details>
    </fieldset>
  );
}
