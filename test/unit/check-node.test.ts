import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const { nodeProblem } = createRequire(import.meta.url)('../../scripts/check-node.cjs') as { nodeProblem: (version: string) => string | null };

describe('the Node version check run before npm start and npm test', () => {
  it('says which Node is needed and how to get it, for a Node older than 22.19', () => {
    for (const old of ['20.20.2', '22.18.0', '18.19.1']) {
      const problem = nodeProblem(old);
      expect(problem).toContain('needs Node.js 22.19.0 or newer');
      expect(problem).toContain(`this is Node ${old}`);
      expect(problem).toContain('nvm install 24');
    }
  });

  it('lets 22.19 and newer through', () => {
    for (const fine of ['22.19.0', '22.20.1', '24.0.0', '26.1.0']) expect(nodeProblem(fine)).toBeNull();
  });
});
