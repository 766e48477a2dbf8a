import { ZBrandCreate, type TBrand } from '@touchstone/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { endpoints, keys } from '../../api/resources.js';
import { useCan } from '../../auth/session.js';
import { Field, FormError, Loading, QueryError, useFormErrors } from '../../components/forms.js';
import { Page } from '../../components/page.js';
import { PromiseChart } from './promise-chart.js';

const NEUTRAL_PROMISE = { sense: 50, feel: 50, think: 50, act: 50, relate: 50 };

function NewBrandForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const errors = useFormErrors();
  const client = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: endpoints.createBrand,
    onSuccess: async (brand) => {
      await client.invalidateQueries({ queryKey: keys.brands });
      void navigate(`/brands/${brand.id}`);
    },
    onError: (error) => errors.fromError(error),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    const parsed = ZBrandCreate.safeParse({ name, promise: NEUTRAL_PROMISE });
    if (!parsed.success) return errors.fromZod(parsed.error);
    create.mutate(parsed.data);
  };
  return (
    <form className="card inline-form" onSubmit={submit} noValidate aria-label="New brand">
      <FormError message={errors.message} />
      <Field label="Brand name" error={errors.fields['name']}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create brand
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function BrandCard({ brand }: { brand: TBrand }) {
  return (
    <li className="card brand-card">
      <div>
        <h2>
          <Link to={`/brands/${brand.id}`}>{brand.name}</Link>
          {brand.archived && <span className="badge">Archived</span>}
        </h2>
        <p>{brand.positioning || <span className="muted">No positioning yet</span>}</p>
        {brand.promiseStatement && <blockquote>{brand.promiseStatement}</blockquote>}
        <ul className="swatches" aria-label="Brand colours">
          {Object.entries(brand.styleGuide.colors).map(([role, color]) => (
            <li key={role} title={`${role} ${color}`} style={{ background: color }}>
              <span className="visually-hidden">{`${role} ${color}`}</span>
            </li>
          ))}
        </ul>
      </div>
      <PromiseChart promise={brand.promise} />
    </li>
  );
}

/** The organization's brands and their experiential platforms. */
export function BrandsPage() {
  const canWrite = useCan('model:write');
  const [creating, setCreating] = useState(false);
  const brands = useQuery({ queryKey: keys.brands, queryFn: endpoints.allBrands });
  return (
    <Page
      title="Brands"
      lead="The experiential platform: positioning, the promise, and how it looks and sounds."
      actions={
        canWrite &&
        !creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New brand
          </button>
        )
      }
    >
      {creating && <NewBrandForm onDone={() => setCreating(false)} />}
      {brands.isPending && <Loading what="Loading brands" />}
      {brands.isError && <QueryError error={brands.error} />}
      {brands.data?.length === 0 && <p className="empty">No brands yet.</p>}
      {brands.data && brands.data.length > 0 && (
        <ul className="card-list">
          {brands.data.map((b) => (
            <BrandCard key={b.id} brand={b} />
          ))}
        </ul>
      )}
    </Page>
  );
}
