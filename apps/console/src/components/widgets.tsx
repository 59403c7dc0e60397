import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { abbreviate, errorText } from './format';

/** An error as the API worded it, with its status and code. */
export function ErrorBox({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const detail = error instanceof ApiError ? ` (HTTP ${error.status}${error.code ? `, ${error.code}` : ''})` : '';
  return (
    <p class="error" role="alert">
      {errorText(error)}
      {detail}
    </p>
  );
}

/** A status word people can scan: green when things are as they should be, red when not. */
export function Badge({ tone, children, testId }: { tone: 'ok' | 'bad' | 'warn' | 'neutral'; children: ComponentChildren; testId?: string }) {
  return (
    <span class={`badge ${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** A hash shortened, the whole value on hover and for copying. */
export function Hash({ value }: { value: string | null | undefined }) {
  if (!value) return <span class="muted">none</span>;
  return (
    <code class="hash" title={value}>
      {abbreviate(value)}
    </code>
  );
}

/** A destructive action behind a second, explicit click. */
export function ConfirmButton(props: { label: string; confirmLabel: string; question: string; onConfirm: () => Promise<void> | void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger" disabled={props.disabled} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label="Confirm">
      <span>{props.question}</span>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" class="secondary" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** A definition list from label/value pairs, skipping the empty ones. */
export function Facts({ items }: { items: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {items
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
    </dl>
  );
}

/** One text field and its button: submits the trimmed value, disabled while empty. */
export function OneFieldForm(props: { label: string; name: string; button: string; initial?: string; onSubmit: (value: string) => void }) {
  const [value, setValue] = useState(props.initial ?? '');
  return (
    <form
      class="row"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(value.trim());
      }}
    >
      <label>
        {props.label}
        <input name={props.name} value={value} spellcheck={false} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" disabled={value.trim() === ''}>
        {props.button}
      </button>
    </form>
  );
}
