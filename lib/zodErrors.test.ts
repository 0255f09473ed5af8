import { expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, formatPath } from './zodErrors';

it('names fields as people write them, with the reason', () => {
  expect(formatPath(['questions', 2, 'referenceEstimates', 0, 'value'])).toBe(
    'questions[2].referenceEstimates[0].value',
  );
  expect(formatPath([])).toBe('');
  const schema = z.object({ items: z.array(z.object({ n: z.number() })) });
  const result = schema.safeParse({ items: [{ n: 1 }, { n: 'two' }] });
  expect(result.success).toBe(false);
  if (!result.success) expect(describeIssues(result.error)).toMatch(/^items\[1\]\.n: .*expected number/);
});
