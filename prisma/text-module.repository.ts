/** The chat's text modules in the application database (see `api/text-module-store.ts`). */
import type { TextModule } from '../api/chat.use-cases';
import type { TextModuleStore } from '../api/text-module-store';
import type { Db } from './database';

export class PrismaTextModuleStore implements TextModuleStore {
  constructor(private readonly db: Db) {}

  async list(defaults: readonly TextModule[]): Promise<TextModule[]> {
    if ((await this.db.chatTextModule.count()) === 0) {
      // First use: the defaults, once (a removed one stays removed: its row remains, inactive).
      for (const module of defaults) {
        await this.db.chatTextModule.upsert({ where: { id: module.id }, create: { ...module, active: true, updatedAt: new Date(), updatedBy: 'system' }, update: {} });
      }
    }
    const rows = await this.db.chatTextModule.findMany({ where: { active: true }, orderBy: [{ title: 'asc' }, { id: 'asc' }] });
    return rows.map(({ id, title, text }) => ({ id, title, text }));
  }

  async save(module: TextModule, by: string, at: Date): Promise<TextModule> {
    const data = { title: module.title, text: module.text, active: true, updatedAt: at, updatedBy: by };
    await this.db.chatTextModule.upsert({ where: { id: module.id }, create: { id: module.id, ...data }, update: data });
    return module;
  }

  async remove(id: string, by: string, at: Date): Promise<boolean> {
    const { count } = await this.db.chatTextModule.updateMany({ where: { id, active: true }, data: { active: false, updatedAt: at, updatedBy: by } });
    return count > 0;
  }
}
