import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { sqliteBridge } from '../../src/store/sqlite-bridge.ts';

describe('sqliteBridge', () => {
  it('prepares a statement once and reuses it, with fresh parameters each run', () => {
    const db = sqliteBridge(new DatabaseSync(':memory:'));
    db.prepare('create table t (k text primary key, v integer)').run([]);
    const insert = db.prepare('insert into t (k, v) values (?, ?)');
    expect(db.prepare('insert into t (k, v) values (?, ?)')).toBe(insert);
    insert.run(['a', 1]);
    db.prepare('insert into t (k, v) values (?, ?)').run(['b', true]);
    const select = db.prepare('select k, v from t order by k');
    expect(select.reader).toBe(true);
    expect(select.all([])).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 1 },
    ]);
    db.close();
  });

  it('still answers after the schema changed under a cached statement', () => {
    const db = sqliteBridge(new DatabaseSync(':memory:'));
    db.prepare('create table t (k text)').run([]);
    db.prepare('insert into t (k) values (?)').run(['a']);
    expect(db.prepare('select * from t').all([])).toEqual([{ k: 'a' }]);
    db.prepare('alter table t add column v integer').run([]);
    expect(db.prepare('select * from t').all([])).toEqual([{ k: 'a', v: null }]);
    db.close();
  });
});
