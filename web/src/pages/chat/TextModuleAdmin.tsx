/**
 * Textbausteine verwalten (supervisors): the text modules agents insert into chat replies, to add,
 * change and remove (`PUT` / `DELETE /chat/text-modules/{id}`). Changes reach the agents' reply
 * boxes at their next read.
 */
import { useId, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, Notice, TextArea, TextField } from '../../components';
import { describeChatError } from './labels';
import type { TextModule } from './types';

const KEY = ['chat', 'text-modules'];
/** A module's id from its title: `Online-Banking entsperren` → `online-banking-entsperren`. */
const idOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export function TextModuleAdmin() {
  const id = useId();
  const queryClient = useQueryClient();
  const modules = useQuery({ queryKey: KEY, queryFn: ({ signal }) => api<{ modules: TextModule[] }>('/chat/text-modules', { signal }) });
  const [editing, setEditing] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<{ title?: string; text?: string }>({});
  const [outcome, setOutcome] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const edit = (module: TextModule) => {
    setEditing(module.id);
    setTitle(module.title);
    setText(module.text);
    setOutcome('');
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = { title: title.trim() ? undefined : 'Bitte einen Titel angeben.', text: text.trim() ? undefined : 'Bitte den Text angeben.' };
    setError(next);
    setProblem('');
    if (next.title || next.text) return;
    const moduleId = editing ?? idOf(title);
    if (!moduleId) {
      setError({ title: 'Der Titel braucht Buchstaben oder Ziffern.' });
      return;
    }
    setBusy(true);
    try {
      await api<TextModule>(`/chat/text-modules/${moduleId}`, { method: 'PUT', body: { title: title.trim(), text: text.trim() } });
      setOutcome(`Textbaustein „${title.trim()}“ gespeichert.`);
      setEditing(undefined);
      setTitle('');
      setText('');
      await queryClient.invalidateQueries({ queryKey: KEY });
    } catch (failure) {
      setProblem(describeChatError(failure));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (module: TextModule) => {
    setProblem('');
    try {
      await api<unknown>(`/chat/text-modules/${module.id}`, { method: 'DELETE' });
      setOutcome(`Textbaustein „${module.title}“ entfernt.`);
      await queryClient.invalidateQueries({ queryKey: KEY });
    } catch (failure) {
      setProblem(describeChatError(failure));
    }
  };

  return (
    <section className="chat-text-modules" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Textbausteine verwalten</h2>
      <Notice kind="success">{outcome || null}</Notice>
      <Notice kind="error">{problem || null}</Notice>
      {modules.data ? (
        <ul className="chat-module-list">
          {modules.data.modules.map((module) => (
            <li key={module.id}>
              <strong>{module.title}</strong>: {module.text}{' '}
              <Button type="button" variant="secondary" onClick={() => edit(module)}>
                Bearbeiten<span className="visually-hidden">: {module.title}</span>
              </Button>{' '}
              <Button type="button" variant="danger" onClick={() => void remove(module)}>
                Entfernen<span className="visually-hidden">: {module.title}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p role="status">Textbausteine werden geladen …</p>
      )}
      <form aria-labelledby={`${id}-form`} onSubmit={(event) => void submit(event)} noValidate>
        <h3 id={`${id}-form`}>{editing ? 'Textbaustein ändern' : 'Neuer Textbaustein'}</h3>
        <TextField label="Titel" name="baustein-titel" value={title} onChange={setTitle} error={error.title} maxLength={80} required />
        <TextArea label="Text" name="baustein-text" value={text} onChange={setText} error={error.text} maxLength={2000} rows={3} required />
        <Button type="submit" busy={busy}>
          Textbaustein speichern
        </Button>
      </form>
    </section>
  );
}
