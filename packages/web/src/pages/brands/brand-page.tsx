import { ZBrandUpdate, type TBrand, type TBrandUpdate } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import {
  Field,
  FormError,
  Loading,
  QueryError,
  useFormErrors,
  type TControlProps,
} from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { PromiseEditor } from './promise-editor.js';
import { StyleGuideFields } from './style-guide-fields.js';

type TDraft = Required<Omit<TBrandUpdate, 'archived'>>;

function draftOf(brand: TBrand): TDraft {
  return {
    name: brand.name,
    positioning: brand.positioning,
    promise: brand.promise,
    promiseStatement: brand.promiseStatement,
    implementationTheme: brand.implementationTheme,
    styleGuide: brand.styleGuide,
  };
}

function BrandForm({ brand }: { brand: TBrand }) {
  const canWrite = useCan('model:write');
  const [draft, setDraft] = useState<TDraft>(() => draftOf(brand));
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: TBrandUpdate) => endpoints.updateBrand(brand.id, body),
    onSuccess: (updated) => {
      client.setQueryData(keys.brand(brand.id), updated);
      void client.invalidateQueries({ queryKey: keys.brands, exact: true });
      setDraft(draftOf(updated));
      setSaved(true);
    },
    onError: (error) => errors.fromError(error),
  });
  const set = <K extends keyof TDraft>(key: K, value: TDraft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZBrandUpdate.safeParse(draft);
    if (!parsed.success) return errors.fromZod(parsed.error);
    save.mutate(parsed.data);
  };
  const disabled = !canWrite || save.isPending;
  const text =
    (key: 'positioning' | 'promiseStatement' | 'implementationTheme') => (p: TControlProps) => (
      <textarea
        {...p}
        rows={3}
        value={draft[key]}
        disabled={disabled}
        onChange={(e) => set(key, e.target.value)}
      />
    );

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Brand">
      <FormError message={errors.message} />
      <fieldset>
        <legend>Experiential platform</legend>
        <Field label="Name" error={errors.fields['name']}>
          {(p) => (
            <input
              {...p}
              value={draft.name}
              disabled={disabled}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Positioning"
          hint="What the brand stands for"
          error={errors.fields['positioning']}
        >
          {text('positioning')}
        </Field>
        <Field
          label="Promise statement"
          hint="Why: the experience the customer can expect, in words"
          error={errors.fields['promiseStatement']}
        >
          {text('promiseStatement')}
        </Field>
        <Field
          label="Implementation theme"
          hint="How: the theme that runs through every touchpoint"
          error={errors.fields['implementationTheme']}
        >
          {text('implementationTheme')}
        </Field>
      </fieldset>
      <PromiseEditor
        promise={draft.promise}
        onChange={(p) => set('promise', p)}
        errors={errors.fields}
        disabled={disabled}
      />
      <StyleGuideFields
        styleGuide={draft.styleGuide}
        onChange={(s) => set('styleGuide', s)}
        errors={errors.fields}
        disabled={disabled}
      />
      {canWrite && (
        <div className="form-actions sticky-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save brand'}
          </button>
          <span role="status">{saved ? 'Saved.' : ''}</span>
        </div>
      )}
    </form>
  );
}

/** One brand's experiential platform and style guide, editable by admins. */
export function BrandPage() {
  const { id = '' } = useParams();
  const brand = useQuery({ queryKey: keys.brand(id), queryFn: () => endpoints.brand(id) });
  return (
    <Page title={brand.data?.name ?? 'Brand'} crumbs={<Link to="/brands">Brands</Link>}>
      {brand.isPending && <Loading what="Loading the brand" />}
      {brand.isError && <QueryError error={brand.error} />}
      {brand.data && <BrandForm key={brand.data.id} brand={brand.data} />}
    </Page>
  );
}
