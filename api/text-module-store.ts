/**
 * Where the chat's text modules (Textbausteine) are kept: supervisors manage them, agents insert
 * them. The port of the chat use cases; the application database implements it.
 */
import type { TextModule } from './chat.use-cases';

export interface TextModuleStore {
  /** The active modules by title; the defaults are put in once when none was ever stored. */
  list(defaults: readonly TextModule[]): Promise<TextModule[]>;
  /** Creates or changes one (and makes it active again). */
  save(module: TextModule, by: string, at: Date): Promise<TextModule>;
  /** Deactivates one; false when there is no active module with the id. */
  remove(id: string, by: string, at: Date): Promise<boolean>;
}
